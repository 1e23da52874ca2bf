using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class WireFrameTests
{
    private static readonly CompressionSettings Compression = CompressionSettings.Create(RokoConfig.Defaults);
    private static readonly WireFrame Frames = new(Compression, maxDestinations: 8);
    private static readonly PublicKey Proposer = SigningKey.FromSeed("proposer").PublicKey;

    /// <summary>A batch of block-like envelopes (what a busy link carries), the second one routed to a proposer.</summary>
    private static List<FrameEntry> Batch(int count, int size = 600) =>
    [
        .. Enumerable.Range(0, count).Select(i => new FrameEntry(RepresentativePayloads.Block(size, seed: i + 1),
            i == 1 ? new RouteHeader([Proposer], HopsLeft: 3) : null)),
    ];

    [Fact]
    public void Frame_should_round_trip_entries_and_route_headers_compressed_when_the_batch_is_large()
    {
        var batch = Batch(8);

        var frame = Frames.Encode(MessagePriority.Transaction, batch, compress: true);
        var decoded = Frames.Decode(frame.Bytes, AcceptedCodecs.All);

        Assert.Equal(PayloadCodec.Deflate, frame.Codec);
        Assert.True(frame.Bytes.Length < frame.UncompressedBytes, $"{frame.Bytes.Length} wire bytes of {frame.UncompressedBytes}");
        Assert.Equal(MessagePriority.Transaction, decoded.Priority);
        Assert.Equal(PayloadCodec.Deflate, decoded.Codec);
        Assert.Equal(frame.Bytes.Length, decoded.WireBytes);
        Assert.Equal(frame.UncompressedBytes, decoded.UncompressedBytes);
        Assert.Equal(batch.Select(e => e.Envelope), decoded.Entries.Select(e => e.Envelope));
        Assert.Equal(batch.Select(e => e.Route), decoded.Entries.Select(e => e.Route));
        Assert.Equal(batch.Sum(e => e.EncodedSize) + 4 + 2, frame.UncompressedBytes);
    }

    [Fact]
    public void Frame_should_stay_plain_when_small_or_when_the_peer_accepts_none_of_our_codecs()
    {
        var vote = Frames.Encode(MessagePriority.Consensus, [new FrameEntry(RepresentativePayloads.Vote())], compress: true);
        var large = Frames.Encode(MessagePriority.Block, Batch(8), compress: false);

        Assert.Equal(PayloadCodec.None, vote.Codec);
        Assert.Equal(vote.UncompressedBytes, vote.Bytes.Length);
        Assert.Equal(PayloadCodec.None, large.Codec);
        Assert.Equal(large.UncompressedBytes, large.Bytes.Length);
        Assert.Equal(8, Frames.Decode(large.Bytes, AcceptedCodecs.None).Entries.Count);
    }

    [Fact]
    public void Decode_should_refuse_a_codec_this_node_did_not_offer()
    {
        var frame = Frames.Encode(MessagePriority.Block, Batch(8), compress: true);

        var e = Assert.Throws<PayloadRejectedException>(() => Frames.Decode(frame.Bytes, AcceptedCodecs.None));

        Assert.Equal(PayloadRejection.NotAccepted, e.Reason);
        Assert.Contains("Deflate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_should_refuse_a_frame_whose_entries_are_not_well_formed_naming_the_field()
    {
        var good = Frames.Encode(MessagePriority.Block, Batch(2), compress: false).Bytes;

        var truncated = Assert.Throws<PayloadRejectedException>(() => Frames.Decode(good[..^3], AcceptedCodecs.All));
        var badPriority = (byte[])good.Clone();
        badPriority[0] = 9;
        var priority = Assert.Throws<PayloadRejectedException>(() => Frames.Decode(badPriority, AcceptedCodecs.All));
        var empty = Assert.Throws<PayloadRejectedException>(() => Frames.Decode([1], AcceptedCodecs.All));

        Assert.Equal(PayloadRejection.Malformed, truncated.Reason);
        Assert.Contains("frame", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(PayloadRejection.Malformed, priority.Reason);
        Assert.Contains("frame.priority", priority.Message, StringComparison.Ordinal);
        Assert.Equal(PayloadRejection.Empty, empty.Reason);
    }

    [Fact]
    public void Decode_should_refuse_an_entry_naming_more_destinations_than_allowed()
    {
        var many = Enumerable.Range(0, 9).Select(i => SigningKey.FromSeed($"d{i}").PublicKey).ToImmutableArray();
        var frame = Frames.Encode(MessagePriority.Transaction, [new FrameEntry([1, 2, 3], new RouteHeader(many, 2))], compress: false);

        var e = Assert.Throws<PayloadRejectedException>(() => Frames.Decode(frame.Bytes, AcceptedCodecs.All));

        Assert.Equal(PayloadRejection.Malformed, e.Reason);
        Assert.Contains("frame.entry.destinations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_should_refuse_a_frame_that_inflates_beyond_max_decompressed()
    {
        var small = new WireFrame(Compression with { MaxDecompressed = 4096 }, maxDestinations: 8);
        var frame = Frames.Encode(MessagePriority.Block, [new FrameEntry(new byte[64 * 1024])], compress: true);

        var e = Assert.Throws<PayloadRejectedException>(() => small.Decode(frame.Bytes, AcceptedCodecs.All));

        Assert.Equal(PayloadRejection.TooLarge, e.Reason);
    }
}
