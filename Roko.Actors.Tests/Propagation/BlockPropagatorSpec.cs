using Akka.Configuration;
using System.Collections.Immutable;
using System.Text;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Propagation;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;
using Envelope = Roko.Actors.Network.Envelope;

namespace Roko.Actors.Tests.Propagation;

/// <summary>The BlockPropagator alone, a TestProbe standing in for the PeerManager and eleven established, active peers.</summary>
public sealed class BlockPropagatorSpec : TestKit
{
    private const int PeerCount = 11;
    private const long RttStepNanos = 10_000_000;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Defaults, but the periodic refresh never fires during a spec (the probe answers the first one only) and proposals
    /// gossip (structured by default) so the gossip specs cover both block-sized kinds.
    /// </summary>
    private static readonly PropagationSettings Settings =
        PropagationSettings.Create(ConfigurationFactory.ParseString("roko.propagation.strategies.proposal = gossip").WithFallback(RokoConfig.Defaults))
            with { PeerRefresh = TimeSpan.FromHours(1) };

    private static readonly AssumedUncertaintyClock Clock = new(1_000_000);
    // Expected messages come within milliseconds on an idle host; a CI host starting many collections at once starved the
    // first spec of this class past TestKit's 3 s default (CI: the constructor's GetPeersByLatency timed out).
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly SigningKey _self = SigningKey.FromSeed("propagator-self");
    private readonly TestProbe _peers;
    private readonly IActorRef _propagator;
    private readonly IReadOnlyList<PeerInfo> _peerList;

    public BlockPropagatorSpec()
    {
        _peerList = [.. Enumerable.Range(1, PeerCount).Select(i => new PeerInfo(
            new PeerId($"peer-{i:D2}"), PeerState.Established, (Region)(i % 3), "validator",
            RttSmoothedNanos: i * RttStepNanos, RttMinimumNanos: i * RttStepNanos, Active: true))];
        _peers = CreateTestProbe("peers");
        _propagator = Sys.ActorOf(BlockPropagator.Props(_self, Clock, _peers.Ref, Settings, seed: 7), "propagator");
        // Admitted envelopes come straight from the sessions: the propagator subscribes to them first thing.
        Assert.Equal(_propagator, _peers.ExpectMsg<SubscribeEnvelopes>(Generous).Handler);
        _peers.ExpectMsg<GetPeersByLatency>(Generous);
        _propagator.Tell(new PeersByLatency([.. _peerList]), _peers.Ref);
    }

    private static PeerId Peer(int i) => new($"peer-{i:D2}");

    private static Envelope Sealed(string type, string text, string signer = "origin") =>
        Envelope.Seal(type, MessagePriority.Block, Clock.Estimate(), Encoding.UTF8.GetBytes(text), SigningKey.FromSeed(signer));

    private List<SendTo> SendsFor(Envelope envelope, int expected)
    {
        var sends = Enumerable.Range(0, expected).Select(_ => _peers.ExpectMsg<SendTo>(Generous)).ToList();
        Assert.All(sends, s => Assert.Same(envelope, s.Envelope));
        _peers.ExpectNoMsg(Quiet);
        return sends;
    }

    private PropagationStats Stats() => _propagator.Ask<PropagationStats>(GetPropagationStats.Instance, RemainingOrDefault).Result;

    [Theory]
    [InlineData("block")]
    [InlineData("proposal")]
    public void Gossip_should_forward_on_first_receipt_to_fanout_peers_never_back_to_the_sender(string type)
    {
        for (int from = 1; from <= PeerCount; from++)
        {
            var envelope = Sealed(type, $"gossip from {from}");
            _propagator.Tell(new EnvelopeReceived(Peer(from), envelope));
            var targets = SendsFor(envelope, Settings.Fanout).Select(s => s.Peer).ToList();
            Assert.DoesNotContain(Peer(from), targets);
            Assert.Equal(Settings.Fanout, targets.Distinct().Count());
        }
    }

    [Fact]
    public void Flood_should_forward_to_every_active_peer_but_the_sender()
    {
        var envelope = Sealed("vote", "a vote");
        _propagator.Tell(new EnvelopeReceived(Peer(4), envelope));
        var targets = SendsFor(envelope, PeerCount - 1).Select(s => s.Peer).ToHashSet();
        Assert.Equal(_peerList.Select(p => p.Id).Where(id => id != Peer(4)).ToHashSet(), targets);
    }

    [Fact]
    public void Structured_origin_should_hand_the_envelope_to_the_peer_manager_for_its_destinations_with_the_hop_budget()
    {
        var proposers = new[] { SigningKey.FromSeed("proposer-a").PublicKey, SigningKey.FromSeed("proposer-b").PublicKey }.ToImmutableArray();
        _propagator.Tell(new Propagate(MessageKind.Transaction, Encoding.UTF8.GetBytes("a transaction"), Destinations: proposers));
        var routed = _peers.ExpectMsg<RouteEnvelope>(Generous);
        Assert.Equal(proposers.ToArray(), routed.Destinations!.Value.ToArray());
        Assert.Equal(Settings.MaxHops - 1, routed.HopsLeft);
        Assert.Null(routed.CameFrom);
        Assert.Equal(BlockPropagator.TypeOf(MessageKind.Transaction), routed.Envelope.Type);

        // A structured kind without destinations goes to every node along the routes.
        _propagator.Tell(new Propagate(MessageKind.Checkpoint, Encoding.UTF8.GetBytes("a checkpoint")));
        Assert.Null(_peers.ExpectMsg<RouteEnvelope>(Generous).Destinations);
        _peers.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_routed_message_should_be_delivered_once_here_and_relayed_for_the_other_destinations_never_back()
    {
        var subscriber = CreateTestProbe();
        _propagator.Tell(new Subscribe(MessageKind.Transaction, subscriber.Ref));
        var other = SigningKey.FromSeed("further-proposer").PublicKey;
        var envelope = Sealed("transaction", "routed transaction");
        var header = new RouteHeader([_self.PublicKey, other], HopsLeft: 2);
        _propagator.Tell(new EnvelopeReceived(Peer(3), envelope, header));

        Assert.Equal(Peer(3), subscriber.ExpectMsg<Delivered>(Generous).From);
        var relayed = _peers.ExpectMsg<RouteEnvelope>(Generous);
        Assert.Same(envelope, relayed.Envelope);
        Assert.Equal([other], relayed.Destinations!.Value.ToArray());
        Assert.Equal(1, relayed.HopsLeft);
        Assert.Equal(Peer(3), relayed.CameFrom);

        // A second copy is not delivered again, but its other destinations are still passed on.
        _propagator.Tell(new EnvelopeReceived(Peer(4), envelope, header));
        subscriber.ExpectNoMsg(Quiet);
        Assert.Equal(Peer(4), _peers.ExpectMsg<RouteEnvelope>(Generous).CameFrom);
        var stats = Stats();
        Assert.Equal((1L, 1L, 2L), (stats.Delivered, stats.Duplicates, stats.Relayed));
    }

    [Fact]
    public void A_routed_message_for_others_should_be_neither_delivered_nor_relayed_when_no_hops_are_left()
    {
        var subscriber = CreateTestProbe();
        _propagator.Tell(new Subscribe(MessageKind.Transaction, subscriber.Ref));
        var envelope = Sealed("transaction", "last hop");
        _propagator.Tell(new EnvelopeReceived(Peer(2), envelope, new RouteHeader([SigningKey.FromSeed("elsewhere").PublicKey], HopsLeft: 0)));
        subscriber.ExpectNoMsg(Quiet);
        _peers.ExpectNoMsg(TimeSpan.Zero);

        // Without a route header a structured kind was addressed to this node alone: delivered, not passed on.
        _propagator.Tell(new EnvelopeReceived(Peer(2), Sealed("transaction", "direct")));
        Assert.Equal(Peer(2), subscriber.ExpectMsg<Delivered>(Generous).From);
        _peers.ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Duplicates_should_be_counted_and_neither_delivered_nor_forwarded()
    {
        var subscriber = CreateTestProbe();
        _propagator.Tell(new Subscribe(MessageKind.Block, subscriber.Ref));
        var first = Sealed("block", "block 1");
        _propagator.Tell(new EnvelopeReceived(Peer(1), first));
        SendsFor(first, Settings.Fanout);
        Assert.Equal(Peer(1), subscriber.ExpectMsg<Delivered>(Generous).From);

        // The same envelope from other peers, and the same payload sealed by someone else: one message.
        _propagator.Tell(new EnvelopeReceived(Peer(2), first));
        _propagator.Tell(new EnvelopeReceived(Peer(1), first));
        _propagator.Tell(new EnvelopeReceived(Peer(3), Sealed("block", "block 1", signer: "relay")));
        subscriber.ExpectNoMsg(Quiet);
        _peers.ExpectNoMsg(TimeSpan.Zero);

        var stats = Stats();
        Assert.Equal(1, stats.Delivered);
        Assert.Equal(3, stats.Duplicates);
        Assert.Equal(Settings.Fanout, stats.Forwarded);
    }

    [Theory]
    [InlineData("gossipy")]
    [InlineData("42")]
    [InlineData("vote,block")]
    [InlineData("BLOCK")]
    [InlineData("")]
    public void Unknown_envelope_types_should_be_dropped_and_the_propagator_keep_working(string type)
    {
        var subscriber = CreateTestProbe();
        foreach (var kind in Enum.GetValues<MessageKind>()) _propagator.Tell(new Subscribe(kind, subscriber.Ref));
        _propagator.Tell(new EnvelopeReceived(Peer(1), Sealed(type, "mystery")));
        subscriber.ExpectNoMsg(Quiet);
        _peers.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(new PropagationStats(0, 0, 0, 0, 0), Stats());

        // Still subscribed and still forwarding: the unknown type did not restart the actor.
        var known = Sealed("block", "known");
        _propagator.Tell(new EnvelopeReceived(Peer(1), known));
        Assert.Equal(MessageKind.Block, subscriber.ExpectMsg<Delivered>(Generous).Kind);
        SendsFor(known, Settings.Fanout);
    }

    [Fact]
    public void Subscribers_should_get_each_message_of_their_kind_once_whether_local_or_remote()
    {
        var blocks = CreateTestProbe();
        var alsoBlocks = CreateTestProbe();
        var votes = CreateTestProbe();
        _propagator.Tell(new Subscribe(MessageKind.Block, blocks.Ref));
        _propagator.Tell(new Subscribe(MessageKind.Block, blocks.Ref)); // subscribing twice changes nothing
        _propagator.Tell(new Subscribe(MessageKind.Block, alsoBlocks.Ref));
        _propagator.Tell(new Subscribe(MessageKind.Vote, votes.Ref));

        var payload = Encoding.UTF8.GetBytes("local block");
        _propagator.Tell(new Propagate(MessageKind.Block, payload));
        _propagator.Tell(new Propagate(MessageKind.Block, payload));
        foreach (var probe in new[] { blocks, alsoBlocks })
        {
            var delivered = probe.ExpectMsg<Delivered>(Generous);
            Assert.Null(delivered.From);
            Assert.Equal(_self.PublicKey, delivered.Origin);
            Assert.Equal(BlockPropagator.IdOf(MessageKind.Block, payload), delivered.Id);
            Assert.Equal(payload, delivered.Payload);
        }
        // The origin gossips to fanout peers (it has no sender to leave out); the repeat is not sent again.
        var sends = Enumerable.Range(0, Settings.Fanout).Select(_ => _peers.ExpectMsg<SendTo>(Generous)).ToList();
        Assert.All(sends, s => Assert.Equal(BlockPropagator.TypeOf(MessageKind.Block), s.Envelope.Type));

        // The same message coming back from the network is not delivered again.
        _propagator.Tell(new EnvelopeReceived(sends[0].Peer, sends[0].Envelope));
        var remote = Sealed("block", "remote block");
        _propagator.Tell(new EnvelopeReceived(Peer(5), remote));
        _propagator.Tell(new EnvelopeReceived(Peer(6), remote));
        Assert.Equal(Peer(5), blocks.ExpectMsg<Delivered>(Generous).From);
        Assert.Equal(Peer(5), alsoBlocks.ExpectMsg<Delivered>(Generous).From);
        blocks.ExpectNoMsg(Quiet);
        alsoBlocks.ExpectNoMsg(TimeSpan.Zero);
        votes.ExpectNoMsg(TimeSpan.Zero);

        var stats = Stats();
        Assert.Equal(1, stats.Originated);
        Assert.Equal(2, stats.Delivered);
        Assert.Equal(2, stats.Duplicates);
    }

    [Fact]
    public void Subscriber_that_subscribes_again_should_be_handed_a_message_it_had_once_more_when_the_message_arrives_again()
    {
        var restarted = CreateTestProbe();
        var steady = CreateTestProbe();
        _propagator.Tell(new Subscribe(MessageKind.Vote, restarted.Ref));
        _propagator.Tell(new Subscribe(MessageKind.Vote, steady.Ref));
        var vote = Sealed("vote", "prevote h5 r0");
        _propagator.Tell(new EnvelopeReceived(Peer(1), vote));
        restarted.ExpectMsg<Delivered>(Generous);
        steady.ExpectMsg<Delivered>(Generous);
        SendsFor(vote, PeerCount - 1);

        // The subscriber restarted and subscribes again; a peer re-sends the vote.
        _propagator.Tell(new Subscribe(MessageKind.Vote, restarted.Ref));
        _propagator.Tell(new EnvelopeReceived(Peer(2), vote));

        Assert.Equal(Peer(2), restarted.ExpectMsg<Delivered>(Generous).From);
        steady.ExpectNoMsg(Quiet);
        _peers.ExpectNoMsg(TimeSpan.Zero); // handed over, not forwarded again
        // Once: the next copy is a plain duplicate for both.
        _propagator.Tell(new EnvelopeReceived(Peer(3), vote));
        restarted.ExpectNoMsg(Quiet);
        steady.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task Propagator_should_keep_its_subscribers_when_it_is_restarted()
    {
        var peers = CreateTestProbe();
        var propagator = await Sys.StartUnderRestartingParentAsync("node",
            BlockPropagator.Props(_self, Clock, peers.Ref, Settings, seed: 7), "propagator");
        peers.ExpectMsg<SubscribeEnvelopes>(Generous);
        peers.ExpectMsg<GetPeersByLatency>(Generous);
        propagator.Tell(new PeersByLatency([.. _peerList]), peers.Ref);
        var blocks = CreateTestProbe();
        var votes = CreateTestProbe();
        propagator.Tell(new Subscribe(MessageKind.Block, blocks.Ref));
        propagator.Tell(new Subscribe(MessageKind.Vote, votes.Ref));

        propagator.Tell(Kill.Instance);
        // Sent while it restarts: held back until the subscriptions are back, then delivered.
        propagator.Tell(new EnvelopeReceived(Peer(1), Sealed("block", "block after restart")));
        propagator.Tell(new EnvelopeReceived(Peer(2), Sealed("vote", "vote after restart")));

        Assert.Equal("block after restart", Encoding.UTF8.GetString(blocks.ExpectMsg<Delivered>(Generous).Payload));
        Assert.Equal("vote after restart", Encoding.UTF8.GetString(votes.ExpectMsg<Delivered>(Generous).Payload));
        // The new incarnation subscribes to admitted envelopes again (the same ref: a no-op for the PeerManager) and asks
        // for its peers again (its view of them is rebuilt, not kept).
        Assert.Equal(propagator, ((SubscribeEnvelopes)peers.FishForMessage(m => m is SubscribeEnvelopes, Generous)).Handler);
        peers.FishForMessage(m => m is GetPeersByLatency, Generous);
    }
}
