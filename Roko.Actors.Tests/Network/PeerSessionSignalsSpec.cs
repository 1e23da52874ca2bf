using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Roko.Actors.Crypto;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;
using static Roko.Actors.Network.Overlay.PeerWire;

namespace Roko.Actors.Tests.Network;

/// <summary>
/// One PeerSession with a TestProbe standing in for the peer's session (and its PeerManager, where our hellos go): the
/// peer's handshake replies, pings and pongs must be signed by the key its handshake proved; the rest is refused and
/// reported to the node's guard, counted in /metrics.
/// </summary>
public sealed class PeerSessionSignalsSpec : TestKit
{
    private const string PeersPath = "/user/fake-peers";
    private static readonly Hash32 Genesis = Sha256.Hash("session-signals-genesis"u8);
    private static readonly AssumedUncertaintyClock Clock = new(1_000_000);
    private static readonly SigningKey Stranger = SigningKey.FromSeed("session-signals-stranger");

    private readonly NodeIdentity _ours = new(SigningKey.FromSeed("session-signals-self"), "validator", Region.Europe, "roko-test", Genesis, "test");
    private readonly NodeIdentity _peer = new(SigningKey.FromSeed("session-signals-peer"), "validator", Region.AsiaPacific, "roko-test", Genesis, "test");
    private readonly OverlaySettings _settings;
    private readonly RokoMetrics _metrics = new("self");
    private readonly PrometheusExposition _exposition;
    private readonly NodeGuard _guard;
    private readonly TestProbe _remote;
    private readonly TestProbe _status;

    // The node's defaults declare the session's mailbox (roko.network.session.mailbox).
    public PeerSessionSignalsSpec() : base(RokoConfig.Defaults)
    {
        _exposition = new PrometheusExposition(_metrics.Meter);
        _settings = OverlaySettings.Create(RokoConfig.Defaults) with
        {
            PeersPath = PeersPath, HelloInterval = TimeSpan.FromMilliseconds(200), PingInterval = TimeSpan.FromMilliseconds(200),
        };
        _guard = new NodeGuard(_settings.Ddos, Clock, _metrics);
        _remote = CreateTestProbe("remote");
        _status = CreateTestProbe("status");
        Sys.ActorOf(Props.Create(() => new Relay(_remote.Ref)), PeersPath["/user/".Length..]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _exposition.Dispose();
            _guard.Dispose();
            _metrics.Dispose();
        }
        base.Dispose(disposing);
    }

    private Akka.Actor.Address Remote => ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
    private GuardSource PeerSource => GuardSource.Node(_peer.Key.PublicKey);

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private IActorRef StartSession()
    {
        var session = PeerSession.Props(Remote, _ours, Clock, _settings, [CreateTestProbe("inbound").Ref], _guard, _metrics, null);
        return Sys.ActorOf(Props.Create(() => new SessionParent(session, _status.Ref)));
    }

    private IActorRef Session(IActorRef parent) => parent.Ask<IActorRef>(SessionParent.GetChild.Instance, Generous).Result;

    private T FromRemote<T>() => _remote.FishForMessage<object>(m => m is T, Generous) is T t ? t : throw new InvalidOperationException();

    private PeerInfo AwaitState(PeerState state) =>
        _status.FishForMessage<StatusChanged>(s => s.Peer.State == state, Generous).Peer;

    private long Invalid() => _guard.Totals().Invalid;

    private void AwaitInvalid(long count) => AwaitAssert(() => Assert.Equal(count, Invalid()), Generous);

    private static byte[] Unsigned(SessionSignal signal) => (signal with { Signature = default }).Encode();

    private void AssertRefusals(string kind, string reason, int count) =>
        Assert.Contains($"roko_session_signals_refused_total{{kind=\"{kind}\",node=\"self\",reason=\"{reason}\"}} {count}\n", _exposition.Render(),
            StringComparison.Ordinal);

    /// <summary>Our hello reached the stand-in, and the peer's hello was accepted by a signed reply naming it.</summary>
    private (IActorRef Session, Hello Ours) HandshakeBothWays()
    {
        var session = Session(StartSession());
        var ours = FromRemote<Hello>();
        var peerHandshake = _peer.SealHandshake(Clock.Now(), Clock.Estimate()).Encode();
        session.Tell(new Hello(peerHandshake), _remote.Ref);
        var reply = SessionSignal.Decode(FromRemote<HelloAccepted>().Signal);
        Assert.True(reply.HasValidSignature());
        Assert.Equal(_ours.Key.PublicKey, reply.Signer);
        Assert.Equal(SessionSignalCheck.DigestOf(peerHandshake), reply.Answers);
        return (session, ours);
    }

    private (IActorRef Session, Hello Ours) Established()
    {
        var (session, ours) = HandshakeBothWays();
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, _peer.Key, SessionSignalCheck.DigestOf(ours.Handshake));
        session.Tell(new HelloAccepted(accepted.Encode()), _remote.Ref);
        AwaitState(PeerState.Established);
        return (session, ours);
    }

    [Fact]
    public void PeerSession_should_refuse_and_count_unsigned_and_forged_handshake_replies_and_establish_on_the_peers_signed_one()
    {
        var (session, ours) = HandshakeBothWays();
        var answers = SessionSignalCheck.DigestOf(ours.Handshake);
        var accepted = SessionSignal.Seal(SessionSignalKind.HelloAccepted, _peer.Key, answers);

        session.Tell(new HelloAccepted(Unsigned(accepted)), _remote.Ref);
        session.Tell(new HelloAccepted(SessionSignal.Seal(SessionSignalKind.HelloAccepted, Stranger, answers).Encode()), _remote.Ref);
        session.Tell(new HelloRefused(SessionSignal.Seal(SessionSignalKind.HelloRefused, Stranger, answers,
            refusal: HandshakeRefusal.WrongGenesis, detail: "forged").Encode()), _remote.Ref);
        session.Tell(new HelloRefused([0x12, 0x01]), _remote.Ref);

        AwaitInvalid(4);
        Assert.True(_guard.ScoreOf(PeerSource) > 3 * _settings.Ddos.InvalidMessageWeight);
        Assert.Contains("roko_ddos_invalid_total{node=\"self\",path=\"peer_session\"} 4\n", _exposition.Render(), StringComparison.Ordinal);
        AssertRefusals("hello_accepted", "bad_signature", 1);
        AssertRefusals("hello_accepted", "signer_mismatch", 1);
        AssertRefusals("hello_refused", "signer_mismatch", 1);
        AssertRefusals("hello_refused", "malformed", 1);
        session.Tell(new HelloAccepted(accepted.Encode()), _remote.Ref);
        var established = AwaitState(PeerState.Established);
        Assert.Equal(_peer.Key.PublicKey, established.NodeKey);
        Assert.Null(established.Refusal);
    }

    [Fact]
    public void PeerSession_should_refuse_and_count_unsigned_and_forged_pings_and_answer_the_peers_signed_one()
    {
        var (session, _) = Established();
        var ping = SessionSignal.Seal(SessionSignalKind.Ping, _peer.Key, Hash32.Zero, stamp: 1_000);
        var stranger = SessionSignal.Seal(SessionSignalKind.Ping, Stranger, Hash32.Zero, stamp: 2_000);

        session.Tell(new Ping(Unsigned(ping)), _remote.Ref);
        session.Tell(new Ping((ping with { Stamp = 3_000 }).Encode()), _remote.Ref);
        session.Tell(new Ping(stranger.Encode()), _remote.Ref);
        session.Tell(new Ping(ping.Encode()), _remote.Ref);

        // Messages are handled in order: the first pong answers the signed ping, none the three before it.
        var pong = SessionSignal.Decode(FromRemote<Pong>().Signal);
        Assert.Equal(SessionSignalCheck.DigestOf(ping.Encode()), pong.Answers);
        Assert.Equal(_ours.Key.PublicKey, pong.Signer);
        Assert.True(pong.HasValidSignature());
        Assert.Equal(3, Invalid());
        Assert.Contains("roko_ddos_invalid_total{node=\"self\",path=\"peer_session\"} 3\n", _exposition.Render(), StringComparison.Ordinal);
        AssertRefusals("ping", "bad_signature", 2);
        AssertRefusals("ping", "signer_mismatch", 1);
    }

    [Fact]
    public void PeerSession_should_refuse_and_count_unsigned_and_forged_pongs_and_measure_rtt_only_from_the_peers_signed_one()
    {
        var (session, _) = Established();
        var ping = FromRemote<Ping>();
        var answers = SessionSignalCheck.DigestOf(ping.Signal);
        long stamp = SessionSignal.Decode(ping.Signal).Stamp;
        var pong = SessionSignal.Seal(SessionSignalKind.Pong, _peer.Key, answers, stamp);

        session.Tell(new Pong(Unsigned(pong)), _remote.Ref);
        session.Tell(new Pong(SessionSignal.Seal(SessionSignalKind.Pong, Stranger, answers, stamp).Encode()), _remote.Ref);
        session.Tell(new Pong((pong with { Stamp = stamp - 1 }).Encode()), _remote.Ref);

        AwaitInvalid(3);
        Assert.Contains("roko_ddos_invalid_total{node=\"self\",path=\"peer_session\"} 3\n", _exposition.Render(), StringComparison.Ordinal);
        AssertRefusals("pong", "bad_signature", 2);
        AssertRefusals("pong", "signer_mismatch", 1);
        _status.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        session.Tell(new Pong(pong.Encode()), _remote.Ref);
        var measured = _status.FishForMessage<StatusChanged>(s => s.Peer.RttSmoothedNanos is not null, Generous).Peer;
        Assert.True(measured.RttSmoothedNanos >= 0);
        Assert.Equal(3, Invalid());
    }

    [Fact]
    public void PeerSession_should_cut_off_a_peer_whose_key_is_blacklisted_before_answering_its_handshake()
    {
        while (_guard.ReportInvalid(GuardPath.PeerSession, PeerSource, "test offence") is not GuardVerdict.Blacklisted) { }
        var session = Session(StartSession());
        FromRemote<Hello>();

        session.Tell(new Hello(_peer.SealHandshake(Clock.Now(), Clock.Estimate()).Encode()), _remote.Ref);

        var cut = AwaitState(PeerState.Blacklisted);
        Assert.Null(cut.NodeKey);
        var sent = _remote.ReceiveWhile<object>(TimeSpan.FromMilliseconds(500), m => m);
        Assert.DoesNotContain(sent, m => m is HelloAccepted);
    }

    /// <summary>Hosts the session (as the PeerManager does) and hands its status reports to a probe.</summary>
    private sealed class SessionParent : ReceiveActor
    {
        public sealed record GetChild
        {
            public static GetChild Instance { get; } = new();
        }

        public SessionParent(Props session, IActorRef status)
        {
            var child = Context.ActorOf(session, "session");
            Receive<GetChild>(_ => Sender.Tell(child));
            Receive<StatusChanged>(s => status.Tell(s));
            ReceiveAny(_ => { });
        }
    }

    /// <summary>Stands in for the peer's PeerManager: hands every message to the probe, keeping its sender.</summary>
    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef probe) => ReceiveAny(m => probe.Forward(m));
    }
}
