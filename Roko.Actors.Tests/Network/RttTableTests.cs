using Roko.Actors.Nodes;
using System.Buffers.Binary;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class RttTableTests
{
    private static readonly SigningKey Key = SigningKey.FromSeed("rtt-table-tests");
    private static readonly PeerId Reporter = new("akka.tcp://roko@127.0.0.1:2551"), Self = new("akka.tcp://roko@127.0.0.1:2552");
    private static readonly PeerId C = new("akka.tcp://roko@127.0.0.1:2553"), D = new("akka.tcp://roko@127.0.0.1:2554");
    private static readonly NanoMoment At = new(1_700_000_000_000_000_000);
    private static readonly RouteSettings Routes = RouteSettings.Create(RokoConfig.Defaults);
    private static readonly RttSettings Rtt = RttSettings.Create(RokoConfig.Defaults);
    private static readonly RttTableCheck Check = new(Routes, Rtt);
    private static readonly HashSet<PeerId> Known = [Reporter, Self, C, D];

    private static RttTable Table(params (PeerId Peer, long Rtt)[] lines) =>
        RttTable.From(lines.Select(l => KeyValuePair.Create(l.Peer, l.Rtt)));

    [Fact]
    public void Table_should_decode_to_what_was_encoded_in_one_canonical_order_whatever_the_insertion_order()
    {
        var forwards = Table((C, 30_000_000), (D, 80_000_000));
        var backwards = Table((D, 80_000_000), (C, 30_000_000));

        Assert.Equal(forwards.Encode(), backwards.Encode());
        var decoded = RttTable.Decode(forwards.Encode(), Routes.MaxTableEntries);
        Assert.Equal(forwards.RttNanosByPeer, decoded.RttNanosByPeer);
    }

    [Fact]
    public void Decode_should_refuse_duplicate_or_unordered_ids_and_trailing_bytes()
    {
        byte[] Lines(params (string Id, long Rtt)[] lines)
        {
            var writer = new CanonicalWriter().WriteCount(lines.Length);
            foreach (var (id, rtt) in lines) writer.WriteString(id).WriteI64(rtt);
            return writer.ToArray();
        }

        Assert.Throws<CanonicalDecodingException>(() => RttTable.Decode(Lines(("b", 1), ("a", 2)), Routes.MaxTableEntries));
        Assert.Throws<CanonicalDecodingException>(() => RttTable.Decode(Lines(("a", 1), ("a", 2)), Routes.MaxTableEntries));
        Assert.Throws<CanonicalDecodingException>(() => RttTable.Decode([.. Lines(("a", 1)), 0], Routes.MaxTableEntries));
    }

    [Fact]
    public void Open_should_accept_a_table_signed_by_the_key_the_handshake_announced()
    {
        var table = Table((C, 30_000_000));

        var verdict = Check.Open(table.Seal(Key, At), Key.PublicKey);

        Assert.Equal(table.RttNanosByPeer, Assert.IsType<RttTableVerdict.Accepted>(verdict).Table.RttNanosByPeer);
    }

    [Fact]
    public void Open_should_refuse_a_table_signed_by_another_key_or_before_any_handshake()
    {
        var sealedByOther = Table((C, 30_000_000)).Seal(SigningKey.FromSeed("impostor"), At);

        Assert.Equal(RttTableRejection.SignerMismatch, Rejection(Check.Open(sealedByOther, Key.PublicKey)));
        Assert.Equal(RttTableRejection.SignerMismatch, Rejection(Check.Open(Table((C, 1)).Seal(Key, At), null)));
    }

    [Fact]
    public void Open_should_refuse_an_envelope_of_another_type()
    {
        var envelope = Envelope.Seal("roko/block", MessagePriority.Block, At, Table((C, 1)).Encode(), Key);

        Assert.Equal(RttTableRejection.WrongType, Rejection(Check.Open(envelope, Key.PublicKey)));
    }

    [Fact]
    public void Open_should_refuse_a_table_longer_than_the_bound_before_decoding_it()
    {
        var payload = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)Routes.MaxTableEntries + 1);
        var envelope = Envelope.Seal(RttTable.EnvelopeType, MessagePriority.Background, At, payload, Key);

        Assert.Equal(RttTableRejection.TooLarge, Rejection(Check.Open(envelope, Key.PublicKey)));
    }

    [Fact]
    public void Open_should_refuse_a_malformed_payload()
    {
        var envelope = Envelope.Seal(RttTable.EnvelopeType, MessagePriority.Background, At, [1, 0, 0, 0, 9], Key);

        Assert.Equal(RttTableRejection.Malformed, Rejection(Check.Open(envelope, Key.PublicKey)));
    }

    [Fact]
    public void Judge_should_accept_lines_about_known_peers_and_about_us()
    {
        var table = Table((Self, 10_000_000), (C, 30_000_000), (D, 80_000_000));

        Assert.IsType<RttTableVerdict.Accepted>(Check.Judge(Reporter, table, Known));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Judge_should_refuse_a_table_with_an_rtt_that_is_not_positive(long rtt)
    {
        Assert.Equal(RttTableRejection.NonPositiveRtt, Rejection(Check.Judge(Reporter, Table((C, 30_000_000), (D, rtt)), Known)));
    }

    [Fact]
    public void Judge_should_refuse_a_table_with_an_rtt_above_the_plausible_maximum()
    {
        var table = Table((C, Rtt.MaxPlausibleNanos + 1));

        Assert.Equal(RttTableRejection.ImplausibleRtt, Rejection(Check.Judge(Reporter, table, Known)));
    }

    [Fact]
    public void Judge_should_refuse_a_line_about_the_reporter_itself()
    {
        Assert.Equal(RttTableRejection.SelfLink, Rejection(Check.Judge(Reporter, Table((Reporter, 1_000)), Known)));
    }

    [Fact]
    public void Judge_should_accept_up_to_the_bound_of_unknown_peers_and_refuse_one_more()
    {
        var unknown = Enumerable.Range(0, Routes.MaxUnknownPeers + 1).Select(i => (new PeerId($"akka.tcp://roko@10.0.0.{i}:2551"), 1_000_000L)).ToArray();

        Assert.IsType<RttTableVerdict.Accepted>(Check.Judge(Reporter, Table(unknown[..^1]), Known));
        Assert.Equal(RttTableRejection.TooManyUnknownPeers, Rejection(Check.Judge(Reporter, Table(unknown), Known)));
    }

    [Fact]
    public void An_accepted_table_should_give_the_route_cache_links_we_did_not_measure()
    {
        var routes = new RouteCache(new LatencyGraph(Self), Routes);
        routes.ReportLink(Self, Reporter, 10_000_000);
        var verdict = Check.Judge(Reporter, Table((C, 20_000_000), (D, 30_000_000)), Known);

        routes.ApplyRttTable(Reporter, Assert.IsType<RttTableVerdict.Accepted>(verdict).Table.RttNanosByPeer);

        Assert.Equal(new[] { Self, Reporter, D }, routes.Find(Self, D)!.Path);
        Assert.Equal(40_000_000, routes.Find(Self, D)!.CostNanos);
    }

    private static RttTableRejection Rejection(RttTableVerdict verdict) => Assert.IsType<RttTableVerdict.Rejected>(verdict).Reason;
}

public sealed class PeerLatencySummaryTests
{
    [Fact]
    public void Summary_should_be_absent_when_no_peer_was_measured()
    {
        Assert.Null(PeerLatencySummary.Of([]));
    }

    [Fact]
    public void Summary_should_take_nearest_rank_median_and_99th_percentile()
    {
        var summary = PeerLatencySummary.Of(Enumerable.Range(1, 100).Select(i => (long)i).Reverse())!;

        Assert.Equal(50, summary.P50Nanos);
        Assert.Equal(99, summary.P99Nanos);
        Assert.Equal(new PeerLatencySummary(7, 7), PeerLatencySummary.Of([7]));
    }
}
