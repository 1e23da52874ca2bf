using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Primitives;

public class CanonicalCodecSpec
{
    private delegate void ReadAction(ref CanonicalReader reader);

    private static CanonicalDecodingException Refused(byte[] bytes, ReadAction read)
    {
        try
        {
            var reader = new CanonicalReader(bytes);
            read(ref reader);
        }
        catch (CanonicalDecodingException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("expected a CanonicalDecodingException");
    }

    [Fact]
    public void Writer_should_write_fixed_width_little_endian_integers()
    {
        var bytes = new CanonicalWriter()
            .WriteU8(0xab).WriteBool(true).WriteBool(false).WriteU16(0x0102).WriteU32(0x01020304)
            .WriteU64(0x0102030405060708).WriteI64(-2).WriteU128(new UInt128(0x1112131415161718, 0x0102030405060708))
            .ToArray();
        Assert.Equal(
            "ab0100" + "0201" + "04030201" + "0807060504030201" + "feffffffffffffff"
            + "08070605040302011817161514131211",
            Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Writer_should_prefix_bytes_and_strings_with_a_u32_length()
    {
        var bytes = new CanonicalWriter().WriteString("hé").WriteBytes([9, 8]).WriteFixed([7]).ToArray();
        Assert.Equal("03000000" + "68c3a9" + "02000000" + "0908" + "07", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Reader_should_read_back_every_value_the_writer_wrote()
    {
        var hash = new Hash32(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var address = Address.FromBytes(Enumerable.Range(100, 20).Select(i => (byte)i).ToArray());
        var bytes = new CanonicalWriter()
            .Header(CanonicalTag.Vote, 3).WriteU8(7).WriteBool(true).WriteU16(65535).WriteU32(uint.MaxValue)
            .WriteU64(ulong.MaxValue).WriteI64(long.MinValue).WriteU128(UInt128.MaxValue)
            .WriteMoment(new NanoMoment(-5)).WriteAmount(new Amount(42)).WriteHash(hash).WriteAddress(address)
            .WriteString("roko").WriteBytes([1, 2, 3]).WriteCount(2).WriteFixed([4, 5]).ToArray();
        var r = new CanonicalReader(bytes);
        r.Header(CanonicalTag.Vote, 3, "v");
        Assert.Equal(7, r.ReadU8("a"));
        Assert.True(r.ReadBool("b"));
        Assert.Equal(65535, r.ReadU16("c"));
        Assert.Equal(uint.MaxValue, r.ReadU32("d"));
        Assert.Equal(ulong.MaxValue, r.ReadU64("e"));
        Assert.Equal(long.MinValue, r.ReadI64("f"));
        Assert.Equal(UInt128.MaxValue, r.ReadU128("g"));
        Assert.Equal(new NanoMoment(-5), r.ReadMoment("h"));
        Assert.Equal(new Amount(42), r.ReadAmount("i"));
        Assert.Equal(hash, r.ReadHash("j"));
        Assert.Equal(address, r.ReadAddress("k"));
        Assert.Equal("roko", r.ReadString("l", 10));
        Assert.Equal(new byte[] { 1, 2, 3 }, r.ReadBytes("m", 3).ToArray());
        Assert.Equal(2, r.ReadCount("n", 2, 1));
        Assert.Equal(new byte[] { 4, 5 }, r.ReadFixed(2, "o").ToArray());
        r.End("all");
        Assert.Equal(0, r.Remaining);
    }

    public static TheoryData<string, int> TruncatedReads => new()
    {
        { "u8", 0 }, { "bool", 0 }, { "u16", 1 }, { "u32", 3 }, { "u64", 7 }, { "i64", 7 }, { "u128", 15 },
        { "moment", 7 }, { "amount", 15 }, { "hash", 31 }, { "address", 19 }, { "fixed", 4 }, { "bytes", 3 },
        { "string", 3 }, { "count", 3 },
    };

    [Theory]
    [MemberData(nameof(TruncatedReads))]
    public void Every_reader_method_should_name_its_field_on_truncated_input(string method, int available)
    {
        var bytes = new byte[available];
        var e = Refused(bytes, (ref CanonicalReader r) =>
        {
            switch (method)
            {
                case "u8": r.ReadU8("the_field"); break;
                case "bool": r.ReadBool("the_field"); break;
                case "u16": r.ReadU16("the_field"); break;
                case "u32": r.ReadU32("the_field"); break;
                case "u64": r.ReadU64("the_field"); break;
                case "i64": r.ReadI64("the_field"); break;
                case "u128": r.ReadU128("the_field"); break;
                case "moment": r.ReadMoment("the_field"); break;
                case "amount": r.ReadAmount("the_field"); break;
                case "hash": r.ReadHash("the_field"); break;
                case "address": r.ReadAddress("the_field"); break;
                case "fixed": r.ReadFixed(5, "the_field"); break;
                case "bytes": r.ReadBytes("the_field", 10); break;
                case "string": r.ReadString("the_field", 10); break;
                case "count": r.ReadCount("the_field", 10, 1); break;
            }
        });
        Assert.StartsWith("the_field", e.Field);
        Assert.Contains("truncated", e.Reason);
        Assert.StartsWith(e.Field + ": ", e.Message);
    }

    [Fact]
    public void ReadBytes_should_name_the_field_when_the_body_is_shorter_than_its_length_prefix()
    {
        var e = Refused([5, 0, 0, 0, 1, 2], (ref CanonicalReader r) => r.ReadBytes("payload", 10));
        Assert.Equal("payload", e.Field);
        Assert.Contains("needs 5 byte(s)", e.Reason);
    }

    [Fact]
    public void ReadBytes_should_refuse_an_oversize_length_prefix_before_reading_the_body()
    {
        var e = Refused([0xff, 0xff, 0xff, 0xff], (ref CanonicalReader r) => r.ReadBytes("blob", 1024));
        Assert.Equal("blob", e.Field);
        Assert.Contains("exceeds the limit of 1024", e.Reason);
        var s = Refused([11, 0, 0, 0], (ref CanonicalReader r) => r.ReadString("name", 10));
        Assert.Contains("exceeds the limit of 10", s.Reason);
    }

    [Fact]
    public void ReadCount_should_refuse_a_count_above_the_limit_or_one_that_cannot_fit()
    {
        var over = Refused([11, 0, 0, 0], (ref CanonicalReader r) => r.ReadCount("items", 10, 1));
        Assert.Equal("items", over.Field);
        Assert.Contains("exceeds the limit of 10", over.Reason);
        var unfit = Refused([3, 0, 0, 0, 1, 2, 3, 4, 5], (ref CanonicalReader r) => r.ReadCount("items", 10, 2));
        Assert.Contains("cannot fit", unfit.Reason);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xff)]
    [InlineData(0x80)]
    public void ReadBool_should_refuse_any_byte_but_zero_or_one(byte value)
    {
        var e = Refused([value], (ref CanonicalReader r) => r.ReadBool("flag"));
        Assert.Equal("flag", e.Field);
        Assert.Contains("non-canonical boolean", e.Reason);
    }

    [Fact]
    public void End_should_refuse_trailing_bytes()
    {
        var e = Refused([1, 2, 3], (ref CanonicalReader r) =>
        {
            r.ReadU8("first");
            r.End("thing");
        });
        Assert.Equal("thing", e.Field);
        Assert.Contains("2 trailing byte(s)", e.Reason);
    }

    [Theory]
    [InlineData("ff")]
    [InlineData("c328")]
    [InlineData("eda080")]
    [InlineData("f8a1a1a1a1")]
    [InlineData("c0af")]
    public void ReadString_should_refuse_invalid_utf8(string hex)
    {
        var body = Convert.FromHexString(hex);
        var bytes = new CanonicalWriter().WriteBytes(body).ToArray();
        var e = Refused(bytes, (ref CanonicalReader r) => r.ReadString("name", 100));
        Assert.Equal("name", e.Field);
        Assert.Contains("not valid UTF-8", e.Reason);
    }

    [Fact]
    public void Header_should_refuse_a_wrong_tag_or_version_naming_which()
    {
        var tag = Refused([0x02, 0x01], (ref CanonicalReader r) => r.Header(CanonicalTag.Transaction, 1, "transaction"));
        Assert.Equal("transaction.tag", tag.Field);
        var version = Refused([0x01, 0x02], (ref CanonicalReader r) => r.Header(CanonicalTag.Transaction, 1, "transaction"));
        Assert.Equal("transaction.version", version.Field);
        Assert.Contains("unsupported version 2", version.Reason);
    }

    [Fact]
    public void CanonicalTag_values_should_never_change()
    {
        Assert.Equal(
            new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 },
            new[]
            {
                CanonicalTag.Transaction, CanonicalTag.BlockHeader, CanonicalTag.Block, CanonicalTag.Genesis,
                CanonicalTag.Vote, CanonicalTag.CommitCertificate, CanonicalTag.Envelope, CanonicalTag.LedgerSnapshot,
            }.Select(t => (byte)t).ToArray());
    }
}
