using Roko.Actors.Nodes;
using System.IO.Compression;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class PayloadCompressionTests
{
    private static readonly CompressionSettings Defaults = CompressionSettings.Create(RokoConfig.Defaults);

    private static PayloadCompression Codec(CompressionSettings? settings = null) => new(settings ?? Defaults);

    [Theory]
    [InlineData(PayloadCodec.Deflate, 2048)]
    [InlineData(PayloadCodec.Deflate, 65536)]
    [InlineData(PayloadCodec.Brotli, 65536)]
    public void Compression_should_round_trip_and_shrink_block_payloads_above_the_threshold(PayloadCodec codec, int size)
    {
        var compression = Codec(Defaults with { Codec = codec });
        var block = RepresentativePayloads.Block(size);

        var frame = compression.Encode(block);

        Assert.Equal((byte)codec, frame[0]);
        Assert.True(frame.Length < block.Length, $"{frame.Length} of {block.Length}");
        Assert.Equal(block, compression.Decode(frame));
    }

    [Fact]
    public void Compression_should_leave_votes_uncompressed_when_below_the_threshold()
    {
        var vote = RepresentativePayloads.Vote();
        Assert.True(vote.Length < Defaults.Threshold);

        var frame = Codec().Encode(vote);

        Assert.Equal((byte)PayloadCodec.None, frame[0]);
        Assert.Equal(vote, frame[1..]);
        Assert.Equal(vote, Codec().Decode(frame));
    }

    [Fact]
    public void Compression_should_send_plain_bytes_when_compressing_would_not_make_them_smaller()
    {
        var noise = new byte[4096];
        new Random(3).NextBytes(noise);

        var frame = Codec().Encode(noise);

        Assert.Equal((byte)PayloadCodec.None, frame[0]);
        Assert.Equal(noise.Length + 1, frame.Length);
    }

    [Theory]
    [InlineData(PayloadCodec.Deflate)]
    [InlineData(PayloadCodec.Brotli)]
    public void Decompression_should_refuse_a_frame_that_inflates_beyond_the_limit(PayloadCodec codec)
    {
        var bomb = Codec(Defaults with { Codec = codec, Level = CompressionLevel.Optimal })
            .Encode(new byte[64 * 1024 * 1024]);
        Assert.True(bomb.Length < 100_000);

        var error = Assert.Throws<PayloadRejectedException>(() => Codec().Decode(bomb));

        Assert.Equal(PayloadRejection.TooLarge, error.Reason);
        Assert.Contains("max-decompressed", error.Message);
    }

    [Fact]
    public void Decompression_should_refuse_a_plain_frame_longer_than_the_limit()
    {
        var small = Codec(Defaults with { MaxDecompressed = 10 });

        var error = Assert.Throws<PayloadRejectedException>(() => small.Decode(new byte[12]));

        Assert.Equal(PayloadRejection.TooLarge, error.Reason);
    }

    [Fact]
    public void Decompression_should_name_the_byte_when_the_header_is_unknown()
    {
        var frame = Codec().Encode(RepresentativePayloads.Block(2048));
        frame[0] = 0x7F;

        var error = Assert.Throws<PayloadRejectedException>(() => Codec().Decode(frame));

        Assert.Equal(PayloadRejection.UnknownCodec, error.Reason);
        Assert.Contains("0x7F", error.Message);
    }

    [Fact]
    public void Decompression_should_refuse_an_empty_frame_and_corrupt_data()
    {
        Assert.Equal(PayloadRejection.Empty,
            Assert.Throws<PayloadRejectedException>(() => Codec().Decode(Array.Empty<byte>())).Reason);

        var frame = Codec(Defaults with { Codec = PayloadCodec.Brotli }).Encode(RepresentativePayloads.Block(4096));
        frame.AsSpan(1, 64).Fill(0xFF);
        Assert.Equal(PayloadRejection.Corrupt,
            Assert.Throws<PayloadRejectedException>(() => Codec().Decode(frame)).Reason);
    }
}
