using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// /user/node/peers: the overlay's membership. Follows Akka.Cluster member events, keeps one
/// <see cref="PeerSession"/> per remote member (child named by the escaped member address), routes remote
/// handshakes to them, keeps the peer list from their status reports, picks the active set with
/// <see cref="PeerSelection"/> every reselect-interval, answers peer queries, and downs refused peers when
/// <c>roko.network.down-on-bad-handshake</c> is on and <see cref="RefusalDowning"/> allows it.
/// </summary>
public sealed class PeerManager : ReceiveActor, IWithTimers
{
    private const string ReselectTimer = "reselect";

    private readonly NodeIdentity _identity;
    private readonly IClock _clock;
    private readonly OverlaySettings _settings;
    private readonly IActorRef _inbound;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSelection _selection;
    private readonly Random _random = new();
    private readonly Dictionary<Address, IActorRef> _sessions = [];
    private readonly Dictionary<PeerId, PeerInfo> _peers = [];
    private readonly HashSet<PeerId> _downed = [];
    private readonly Dictionary<PeerId, Address> _addresses = [];

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="inbound">Receives <see cref="EnvelopeReceived"/> for every admitted envelope (the propagator).</param>
    public static Props Props(NodeIdentity identity, IClock clock, OverlaySettings settings, IActorRef inbound) =>
        Akka.Actor.Props.Create(() => new PeerManager(identity, clock, settings, inbound));

    public PeerManager(NodeIdentity identity, IClock clock, OverlaySettings settings, IActorRef inbound)
    {
        _identity = identity;
        _clock = clock;
        _settings = settings;
        _inbound = inbound;
        _selection = new PeerSelection(settings.Peers);

        Receive<ClusterEvent.MemberUp>(e => EnsureSession(e.Member.Address));
        Receive<ClusterEvent.MemberWeaklyUp>(e => EnsureSession(e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(e => StopSession(e.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(e => TellSession(e.Member.Address, new ReachabilityChanged(false)));
        Receive<ClusterEvent.ReachableMember>(e => TellSession(e.Member.Address, new ReachabilityChanged(true)));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<PeerWire.Hello>(OnRemoteHello);
        Receive<StatusChanged>(OnStatus);
        Receive<Terminated>(t => Forget(t.ActorRef));
        Receive<ReselectTick>(_ => Reselect());
        Receive<GetPeers>(_ => Sender.Tell(new CurrentPeers([.. _peers.Values.OrderBy(p => p.Id)])));
        Receive<GetPeersByLatency>(_ => Sender.Tell(new PeersByLatency(ByLatency())));
        Receive<SendTo>(cmd =>
        {
            if (_addresses.TryGetValue(cmd.Peer, out var address) && _sessions.TryGetValue(address, out var session))
                session.Tell(new Send(cmd.Envelope));
        });
        Receive<Broadcast>(cmd =>
        {
            foreach (var peer in _peers.Values.Where(p => p.Active))
                TellSession(_addresses[peer.Id], new Send(cmd.Envelope));
        });
    }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer(ReselectTimer, ReselectTick.Instance, _settings.ReselectInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    /// <summary>A failing session is restarted: it handshakes again from scratch.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);

    public static string ChildName(Address address) => Uri.EscapeDataString(address.ToString());

    private IActorRef? EnsureSession(Address address)
    {
        if (address == _cluster.SelfAddress) return null;
        if (_sessions.TryGetValue(address, out var existing)) return existing;
        var session = Context.ActorOf(PeerSession.Props(address, _identity, _clock, _settings, _inbound), ChildName(address));
        Context.Watch(session);
        _sessions[address] = session;
        _addresses[new PeerId(address.ToString())] = address;
        return session;
    }

    /// <summary>A remote session's handshake: forwarded to our session for its node, if that node is a member.</summary>
    private void OnRemoteHello(PeerWire.Hello hello)
    {
        var address = Sender.Path.Address;
        bool member = _cluster.State.Members.Any(m => m.Address == address && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining);
        if (!member) return;
        EnsureSession(address)?.Forward(hello);
    }

    private void StopSession(Address address)
    {
        if (_sessions.Remove(address, out var session)) Context.Stop(session);
        var id = new PeerId(address.ToString());
        _peers.Remove(id);
        _addresses.Remove(id);
    }

    private void Forget(IActorRef session)
    {
        var address = _sessions.FirstOrDefault(kv => kv.Value.Equals(session)).Key;
        if (address is not null) StopSession(address);
    }

    private void TellSession(Address address, object message)
    {
        if (_sessions.TryGetValue(address, out var session)) session.Tell(message);
    }

    private void OnStatus(StatusChanged status)
    {
        if (!_addresses.ContainsKey(status.Peer.Id)) return;
        bool newlyEstablished = status.Peer.State == PeerState.Established
                                && (!_peers.TryGetValue(status.Peer.Id, out var before) || before.State != PeerState.Established);
        _peers[status.Peer.Id] = status.Peer;
        if (newlyEstablished) Reselect();
        if (status.Peer.State == PeerState.Refused || newlyEstablished) DownRefusedPeers();
    }

    private void DownRefusedPeers()
    {
        if (!_settings.DownOnBadHandshake) return;
        int established = _peers.Values.Count(p => p.State == PeerState.Established);
        var refused = _peers.Values.Where(p => p.State == PeerState.Refused).ToList();
        if (refused.Count == 0 || !RefusalDowning.MayDown(established, refused.Count)) return;
        foreach (var peer in refused.Where(p => _downed.Add(p.Id)))
        {
            _log.Warning("Downing {0}: its handshake was refused ({1})", peer.Id, peer.Refusal);
            _cluster.Down(_addresses[peer.Id]);
            Context.System.EventStream.Publish(new PeerDowned(peer.Id, peer.Refusal ?? "refused"));
        }
    }

    private void Reselect()
    {
        var candidates = _peers.Values
            .Where(p => p is { State: PeerState.Established, Reachable: true, Region: not null })
            .Select(p => new PeerCandidate(p.Id, p.Region!.Value, p.RttSmoothedNanos));
        var chosen = _selection.Choose(candidates, _identity.Region, _random).Select(s => s.Peer.Id).ToHashSet();
        foreach (var peer in _peers.Values.ToList())
        {
            bool active = chosen.Contains(peer.Id);
            if (peer.Active == active) continue;
            _peers[peer.Id] = peer with { Active = active };
            TellSession(_addresses[peer.Id], new ActiveChanged(active));
        }
    }

    private ImmutableList<PeerInfo> ByLatency() =>
    [
        .. _peers.Values
            .Where(p => p.State == PeerState.Established)
            .OrderBy(p => p.RttSmoothedNanos ?? long.MaxValue)
            .ThenBy(p => p.Id),
    ];

    private sealed record ReselectTick
    {
        public static ReselectTick Instance { get; } = new();
    }
}
