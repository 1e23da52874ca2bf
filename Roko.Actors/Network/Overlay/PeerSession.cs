using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Roko.Actors.Network.Tls;
using VerifiedEnvelopes = Roko.Actors.Primitives.RecentSet<Roko.Actors.Primitives.Hash32>;
using Roko.Actors.Time;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;
using static Roko.Actors.Network.Overlay.PeerWire;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// One remote node: exchanges signed handshakes with the remote PeerManager's session for us, then measures RTT
/// with signed NanoMoment pings, admits every inbound message through the node's guard (<see cref="NodeGuard"/>: keyed by
/// the peer's host until its handshake is verified, by its node key after) and inbound envelopes through the
/// EnvelopeValidator (handing the good ones to the inbound handler), and sends outbound envelopes in batches from its OutboundQueue, each batch one
/// <see cref="WireFrame"/> (compressed when both handshakes agreed on a codec and it pays) — every send delayed by the
/// emulated WAN when that is on. A link whose pings go unanswered for link-down-after is reported down (it leaves the
/// latency routes) until a pong comes back. It carries the PeerManager's signed RTT table to the peer and hands
/// the peer's (envelope verified, signed by the handshake's key, well formed) to the PeerManager. Handshake replies, pings
/// and pongs are <see cref="SessionSignal"/>s signed by the sender's key (<see cref="SessionSignalCheck"/>); one that fails
/// is dropped and reported to the guard. Traffic and rejections go to the node's metrics when it has them (the guard counts
/// its own refusals). Refusals and blacklisting are reported to the parent, which decides about downing. A blacklisted
/// peer is cut off until its blacklisting ends, then handshaken again; the guard outlives the session, so a restarted or
/// new session for it checks its standing first. The rules live in the pure core; this actor wires them to messages and timers.
/// </summary>
public sealed partial class PeerSession : ReceiveActor, IWithTimers
{
    private const string HelloTimer = "hello";
    private const string PingTimer = "ping";
    private const string FlushTimer = "flush";
    private const string BlacklistTimer = "blacklist-expiry";

    private readonly Address _remote;
    private readonly NodeIdentity _identity;
    private readonly IClock _clock;
    private readonly OverlaySettings _settings;
    private ImmutableArray<IActorRef> _envelopeHandlers;
    private readonly RokoMetrics? _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HandshakeCheck _handshakeCheck;
    private readonly EnvelopeValidator _validator;
    private readonly RttTableCheck _rttTableCheck;
    private readonly NodeGuard _guard;
    private readonly GuardSource _hostSource;
    private readonly SessionSignalCheck _signals;
    private readonly RttEstimator _rtt;
    private readonly OutboundQueue<FrameEntry> _outbound;
    private readonly WireFrame _frames;
    private readonly WanProfile _wan;
    private readonly Random _wanRandom;
    private readonly PresentedCertificates? _presentedCertificates;

    private IActorRef _peer = ActorRefs.Nobody;
    private bool _peerVerified;
    private bool _oursAccepted;
    // Who signed the acceptance of our hello; it must be the key the peer's handshake proves.
    private Crypto.PublicKey? _acceptedBy;
    // Whom the guard holds this session's traffic against: the peer's host, then its node key once its handshake verified.
    private GuardSource _source;
    private bool _wanLinkCut;
    private bool _compressToPeer;
    private NanoMoment _lastPongAt;
    private NanoMoment? _flushScheduledFor;
    private PeerInfo _info;
    private ValidatorRoster? _roster;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="guard">The node's guard: every message from the peer is admitted through it.</param>
    /// <param name="metrics">The node's instruments; null records nothing.</param>
    /// <param name="verifiedEnvelopes">Digests of envelopes already verified on this node (shared by its sessions); null verifies every copy.</param>
    public static Props Props(Address remote, NodeIdentity identity, IClock clock, OverlaySettings settings, ImmutableArray<IActorRef> envelopeHandlers,
        NodeGuard guard, RokoMetrics? metrics = null, VerifiedEnvelopes? verifiedEnvelopes = null) =>
        Akka.Actor.Props.Create(() => new PeerSession(remote, identity, clock, settings, envelopeHandlers, guard, metrics, verifiedEnvelopes))
            .WithMailbox(PeerSessionMailbox.Id);

    public PeerSession(Address remote, NodeIdentity identity, IClock clock, OverlaySettings settings, ImmutableArray<IActorRef> envelopeHandlers,
        NodeGuard guard, RokoMetrics? metrics, VerifiedEnvelopes? verifiedEnvelopes)
    {
        _remote = remote;
        _identity = identity;
        _clock = clock;
        _settings = settings;
        _envelopeHandlers = envelopeHandlers;
        _metrics = metrics;
        _validator = new EnvelopeValidator(settings.Envelope, verifiedEnvelopes);
        _rttTableCheck = new RttTableCheck(settings.Routes, settings.Rtt);
        _handshakeCheck = new HandshakeCheck(_validator, identity.ChainId, identity.GenesisHash);
        _guard = guard;
        _hostSource = GuardSource.Host(remote.Host ?? remote.ToString());
        _source = _hostSource;
        _signals = NewSignalCheck(settings);
        _rtt = new RttEstimator(settings.Rtt);
        _outbound = new OutboundQueue<FrameEntry>(settings.Outbound);
        _frames = new WireFrame(settings.Compression, settings.Routes.MaxDestinations);
        _wan = new WanProfile(settings.Wan);
        _wanRandom = _wan.NewRandom();
        _info = new PeerInfo(new PeerId(remote.ToString()), PeerState.Connecting);
        _presentedCertificates = PresentedCertificatesSetup.Of(Context.System);
        Connecting();
    }

    /// <summary>A peer whose host is blacklisted is cut off before any handshake; otherwise the handshake starts.</summary>
    protected override void PreStart()
    {
        Publish();
        if (CutOffIfBlacklisted(_hostSource, "its host is blacklisted")) return;
        Timers.StartPeriodicTimer(HelloTimer, HelloTick.Instance, TimeSpan.Zero, _settings.HelloInterval);
    }

    /// <summary>The next incarnation learns the key the peer proved, so it refuses a blacklisted peer before handshaking.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (_info.NodeKey is { } key) Self.Tell(new PeerKeyKnown(key));
        base.PreRestart(reason, message);
    }

    private PeerId Id => _info.Id;

    private void Connecting()
    {
        Receive<HelloTick>(_ => SendHello());
        Receive<Hello>(OnHello);
        Receive<HelloAccepted>(accepted =>
        {
            if (!Admitted() || OpenSignal(accepted.Signal, SessionSignalKind.HelloAccepted) is not { } signal) return;
            _oursAccepted = true;
            _acceptedBy = signal.Signal.Signer;
            if (_peer.IsNobody()) _peer = Sender;
            EstablishWhenBothVerified();
        });
        Receive<PeerKeyKnown>(known => CutOffIfBlacklisted(GuardSource.Node(known.Key), "its node key is blacklisted"));
        // With WAN jitter the peer's first pings and batches can overtake its HelloAccepted.
        Receive<Ping>(ping =>
        {
            if (_peerVerified && Admitted()) AnswerPing(ping);
        });
        Receive<Frame>(frame =>
        {
            if (_peerVerified) OnFrame(frame);
        });
        Receive<RttShare>(share =>
        {
            if (_peerVerified) OnRttShare(share);
        });
        Receive<HelloRefused>(refused =>
        {
            if (!Admitted() || OpenSignal(refused.Signal, SessionSignalKind.HelloRefused) is not { Signal: var signal }) return;
            Refuse(new HandshakeVerdict.Refused(signal.Refusal!.Value, $"our handshake was refused by the peer ({signal.Signer}): {signal.Detail}"),
                byUs: false);
        });
        Receive<Send>(OnSend);
        Receive<FlushTick>(_ => _flushScheduledFor = null);
        CommonReceives();
    }

    /// <summary>The peer's handshake was refused: each further hello is answered with the reason, nothing else.</summary>
    private void Refused(HandshakeVerdict.Refused refusal)
    {
        Receive<Hello>(hello =>
        {
            if (Admitted()) ReplyRefused(hello, refusal);
        });
        CutOff();
    }

    private void Established()
    {
        Receive<Hello>(OnHello);
        Receive<HelloAccepted>(accepted =>
        {
            if (Admitted()) OpenSignal(accepted.Signal, SessionSignalKind.HelloAccepted);
        });
        Receive<PingTick>(_ =>
        {
            CheckLink();
            SendPing();
        });
        Receive<Ping>(ping =>
        {
            if (Admitted()) AnswerPing(ping);
        });
        Receive<Pong>(pong =>
        {
            if (!Admitted() || OpenSignal(pong.Signal, SessionSignalKind.Pong) is not { } answer) return;
            _lastPongAt = Now();
            if (_rtt.AddSample(new NanoMoment(answer.PingStamp), Now()) != RttSampleResult.Accepted) return;
            if (!_info.LinkUp) _log.Info("Link to {0} is up again", Id);
            Update(_info with { RttSmoothedNanos = _rtt.SmoothedNanos, RttMinimumNanos = _rtt.MinimumNanos, LinkUp = true });
        });
        Receive<Frame>(OnFrame);
        Receive<RttShare>(OnRttShare);
        Receive<ShareRtt>(share =>
        {
            _metrics?.RecordMessage(TrafficDirection.Outbound, share.Table.Length);
            Transmit(new RttShare(share.Table));
        });
        Receive<Send>(OnSend);
        Receive<FlushTick>(tick =>
        {
            _flushScheduledFor = null;
            Flush();
        });
        CommonReceives();
    }

    /// <summary>Refused or blacklisted: everything from the peer is dropped, nothing is sent.</summary>
    private void CutOff()
    {
        CommonReceives();
        ReceiveAny(_ => { });
    }

    /// <summary>Blacklisted: cut off until the blacklisting ends, then handshaking again.</summary>
    private void Blacklisted()
    {
        Receive<BlacklistExpired>(_ => Readmit());
        CutOff();
    }

    private void CommonReceives()
    {
        Receive<ValidatorRosterChanged>(changed =>
        {
            _roster = changed.Roster;
            JudgeValidatorClaim();
        });
        Receive<ReachabilityChanged>(r => Update(_info with { Reachable = r.Reachable }));
        Receive<ActiveChanged>(a => Update(_info with { Active = a.Active }));
        Receive<WanLinkCut>(cut => _wanLinkCut = cut.Cut);
        Receive<EnvelopeHandlersChanged>(changed => _envelopeHandlers = changed.Handlers);
    }

    private void SendHello()
    {
        var handshake = _identity.SealHandshake(_clock.Now(), _clock.Estimate(), _settings.Compression.Offered).Encode();
        _signals.HelloSent(handshake);
        var hello = new Hello(handshake, AwaitsYours: !_peerVerified);
        var target = Context.ActorSelection(_remote + _settings.PeersPath);
        var decision = _wanLinkCut ? WanDecision.Lost : _wan.Decide(_identity.Region, _info.Region ?? _identity.Region, _wanRandom);
        if (decision.Dropped) return;
        if (decision.Delay <= TimeSpan.Zero) target.Tell(hello, Self);
        else Context.System.Scheduler.ScheduleTellOnce(decision.Delay, target, hello, Self);
    }

    /// <summary>
    /// The peer's handshake: refused (answered with a signed refusal), or verified — then a blacklisted key is cut off, the
    /// guard holds the session's traffic against the key from now on, and the signed acceptance names this hello. An
    /// established session whose peer has not verified ours (its session started over) sends its own hello again.
    /// </summary>
    private void OnHello(Hello hello)
    {
        if (!Admitted()) return;
        var verdict = _handshakeCheck.Verify(hello.Handshake, _clock.Now());
        if (verdict is HandshakeVerdict.Refused refused)
        {
            ReplyRefused(hello, refused);
            Refuse(refused, byUs: true);
            return;
        }
        var accepted = (HandshakeVerdict.Accepted)verdict;
        var key = accepted.Handshake.NodeKey;
        if (CutOffIfBlacklisted(GuardSource.Node(key), "its node key is blacklisted")) return;
        if (!CertificateNamesProvenKey(key, hello)) return;
        if (_oursAccepted && _acceptedBy != key)
        {
            _oursAccepted = false;
            if (CountInvalid($"our hello was accepted by {_acceptedBy}, but the peer's handshake proves {key}")) return;
        }
        _peer = Sender;
        _peerVerified = true;
        _source = GuardSource.Node(key);
        var handshake = accepted.Handshake;
        _compressToPeer = _settings.Compression.Enabled && handshake.Codecs.Accepts(_settings.Compression.Codec);
        Update(_info with
        {
            Region = handshake.Region, Role = handshake.Role, NodeKey = handshake.NodeKey,
            SendCodec = _compressToPeer ? _settings.Compression.Codec : PayloadCodec.None,
            TimeProbePort = handshake.TimeProbePort,
        });
        JudgeValidatorClaim();
        Transmit(new HelloAccepted(Sign(SessionSignalKind.HelloAccepted, SessionSignalCheck.DigestOf(hello.Handshake))));
        if (hello.AwaitsYours && _info.State == PeerState.Established) SendHello();
        EstablishWhenBothVerified();
    }

    /// <summary>
    /// With mutual TLS on: the certificate the peer's address presented to our connection must name the key its
    /// handshake proved, or the peer is refused. Before our first connection to it has been made (its hello overtook
    /// ours) the hello is left unanswered: the peer repeats it until we accept.
    /// </summary>
    private bool CertificateNamesProvenKey(Crypto.PublicKey provenKey, Hello hello)
    {
        if (_presentedCertificates is null) return true;
        if (_presentedCertificates.PresentedBy(_remote) is not { } certificate)
        {
            _log.Debug("Hello from {0} before our TLS connection to it; waiting for its certificate", Id);
            return false;
        }
        var binding = CertificateNodeKey.Check(certificate, provenKey);
        if (binding.Accepted) return true;
        var refused = new HandshakeVerdict.Refused(HandshakeRefusal.CertificateKeyMismatch, $"{binding.Refusal}: {binding.Detail}");
        ReplyRefused(hello, refused);
        Refuse(refused, byUs: true);
        return false;
    }

    private void EstablishWhenBothVerified()
    {
        if (!_peerVerified || !_oursAccepted || _acceptedBy != _info.NodeKey || _info.State == PeerState.Established) return;
        Timers.Cancel(HelloTimer);
        _lastPongAt = Now();
        Timers.StartPeriodicTimer(PingTimer, PingTick.Instance, TimeSpan.Zero, _settings.PingInterval);
        _log.Info("Peer {0} established: {1} in {2}, key {3}", Id, _info.Role, _info.Region?.ToText(), _info.NodeKey);
        Become(Established);
        Update(_info with { State = PeerState.Established });
        Context.System.EventStream.Publish(new PeerEstablished(Id, _info.Region!.Value, _info.Role!));
        Flush();
    }

    /// <summary>
    /// A peer claiming the validator role whose key is not in our validator set is refused as a validator: it stays
    /// connected as a non-voting peer (consensus ignores its votes and proposals anyway), and is judged again at every
    /// change of the set, since stakes take effect two heights later and peers may be a height apart.
    /// </summary>
    private void JudgeValidatorClaim()
    {
        if (_info.Role is not { } role || _info.NodeKey is not { } key) return;
        var (standing, reason) = ValidatorAdmission.Judge(role, key, _roster);
        if (standing == _info.Standing) return;
        if (standing == ValidatorStanding.Unstaked)
        {
            _log.Warning("Peer {0} refused as a validator, kept as a non-voting peer: {1}", Id, reason);
            Context.System.EventStream.Publish(new PeerRefusedAsValidator(Id, key, reason));
        }
        else if (_info.Standing == ValidatorStanding.Unstaked) _log.Info("Peer {0} is a validator again: {1}", Id, reason);
        Update(_info with { Standing = standing });
    }

    /// <param name="byUs">This node's check refused the peer's handshake (counted, and the reason kept for downing), rather than the peer refusing ours.</param>
    private void Refuse(HandshakeVerdict.Refused refused, bool byUs)
    {
        _log.Warning("Refusing peer {0}: handshake {1}", Id, refused);
        if (byUs) _metrics?.RecordHandshakeRefused(refused.Reason);
        Timers.CancelAll();
        Become(() => Refused(refused));
        Update(_info with { State = PeerState.Refused, Refusal = refused.ToString(), RefusedFor = byUs ? refused.Reason : null, Active = false });
        Context.System.EventStream.Publish(new PeerRefused(Id, refused.Reason, refused.Detail));
    }

    /// <summary>Sends to the peer's session, after the emulated WAN delay when emulation is on; nothing while the link is cut.</summary>
    private void Transmit(object message)
    {
        var decision = _wanLinkCut ? WanDecision.Lost : _wan.Decide(_identity.Region, _info.Region ?? _identity.Region, _wanRandom);
        if (decision.Dropped)
        {
            _info = _info with { WanDropped = _info.WanDropped + 1 };
            return;
        }
        if (decision.Delay <= TimeSpan.Zero) _peer.Tell(message, Self);
        else Context.System.Scheduler.ScheduleTellOnce(decision.Delay, _peer, message, Self);
    }

    private NanoMoment Now() => _clock.Estimate();

    private void Update(PeerInfo info)
    {
        if (info == _info) return;
        _info = info;
        Publish();
    }

    private void Publish() => Context.Parent.Tell(new StatusChanged(_info));
}
