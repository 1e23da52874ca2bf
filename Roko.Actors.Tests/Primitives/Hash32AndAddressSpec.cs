using Roko.Actors.Crypto;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Primitives;

public class Hash32Spec
{
    private const string Hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    [Fact]
    public void Hash32_should_print_lowercase_hex_and_parse_it_back()
    {
        var hash = new Hash32(Convert.FromHexString(Hex));
        Assert.Equal(Hex, hash.ToString());
        Assert.Equal(hash, Hash32.Parse(Hex));
        Assert.Equal(hash, Hash32.Parse(Hex.ToUpperInvariant()));
        Assert.Equal(Convert.FromHexString(Hex), hash.ToArray());
        Assert.Equal(Hex[..16], hash.Short);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e")]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00")]
    [InlineData("zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")]
    public void Parse_should_refuse_anything_but_64_hex_digits(string text)
    {
        Assert.False(Hash32.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Hash32.Parse(text));
    }

    [Fact]
    public void Hash32_should_refuse_a_span_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[31]));
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[33]));
    }

    [Fact]
    public void Hash32_should_compare_lexicographically_by_bytes()
    {
        var low = new byte[32];
        var high = new byte[32];
        low[31] = 0xff;
        high[0] = 0x01;
        Assert.True(new Hash32(low).CompareTo(new Hash32(high)) < 0);
        var a = new byte[32];
        var b = new byte[32];
        a[8] = 1;
        b[7] = 1;
        Assert.True(new Hash32(a).CompareTo(new Hash32(b)) < 0);
        Assert.True(new Hash32(a) != new Hash32(b));
        Assert.Equal(0, new Hash32(a).CompareTo(new Hash32((byte[])a.Clone())));
        Assert.True(Hash32.Zero.IsZero);
        Assert.False(new Hash32(a).IsZero);
    }
}

public class AddressSpec
{
    [Fact]
    public void Address_should_print_roko_and_40_hex_digits_and_parse_back()
    {
        var bytes = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var address = Address.FromBytes(bytes);
        Assert.Equal("roko0102030405060708090a0b0c0d0e0f1011121314", address.ToString());
        Assert.Equal(address, Address.Parse(address.ToString()));
        Assert.Equal(bytes, address.ToArray());
    }

    [Theory]
    [InlineData("0102030405060708090a0b0c0d0e0f1011121314", "expected 'roko'")]
    [InlineData("roko0102030405060708090a0b0c0d0e0f10111213", "expected 'roko'")]
    [InlineData("roko0102030405060708090a0b0c0d0e0f101112131415", "expected 'roko'")]
    [InlineData("ROKO0102030405060708090a0b0c0d0e0f1011121314", "expected 'roko'")]
    [InlineData("rokoxx02030405060708090a0b0c0d0e0f1011121314", "not hexadecimal")]
    public void Parse_should_refuse_malformed_addresses(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => Address.Parse(text));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Address_should_be_derived_from_the_tagged_hash_of_the_public_key()
    {
        var key = SigningKey.FromSeed("address-test").PublicKey;
        var digest = Sha256.HashTagged("roko/address/v1", key.ToArray()).ToArray();
        Assert.Equal(digest[..20], key.ToAddress().ToArray());
    }

    [Fact]
    public void Addresses_should_compare_by_bytes()
    {
        var a = Address.Parse("roko0000000000000000000000000000000000000001");
        var b = Address.Parse("roko0100000000000000000000000000000000000000");
        Assert.True(a.CompareTo(b) < 0);
        Assert.Throws<ArgumentException>(() => Address.FromBytes(new byte[19]));
    }
}
