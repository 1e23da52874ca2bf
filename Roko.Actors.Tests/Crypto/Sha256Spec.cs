using System.Text;
using Roko.Actors.Crypto;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

public class Sha256Spec
{
    [Fact]
    public void Hash_should_match_the_FIPS_180_vector_for_abc()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Sha256.Hash(Encoding.ASCII.GetBytes("abc")).ToString());
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.Hash([]).ToString());
    }

    [Fact]
    public void HashTagged_should_hash_the_domain_length_the_domain_and_the_data()
    {
        var data = new byte[] { 1, 2, 3 };
        var expected = Sha256.Hash([4, (byte)'r', (byte)'o', (byte)'k', (byte)'o', 1, 2, 3]);
        Assert.Equal(expected, Sha256.HashTagged("roko", data));
    }

    [Fact]
    public void HashTagged_should_separate_domains_that_concatenate_to_the_same_bytes()
    {
        Assert.NotEqual(Sha256.HashTagged("ab", "c"u8), Sha256.HashTagged("a", "bc"u8));
        Assert.NotEqual(Sha256.HashTagged("roko/tx/v1", []), Sha256.HashTagged("roko/tx-sign/v1", []));
    }

    [Fact]
    public void HashTagged_should_refuse_a_domain_longer_than_255_bytes()
    {
        Assert.Throws<ArgumentException>(() => Sha256.HashTagged(new string('x', 256), []));
        Sha256.HashTagged(new string('x', 255), []);
    }
}
