using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using VerifiedEnvelopes = Roko.Actors.Primitives.RecentSet<Roko.Actors.Primitives.Hash32>;
using Roko.Actors.Time;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// /user/node/peers: the overlay's membership. Follows Akka.Cluster member events, keeps one
/// <see cref="PeerSession"/> per remote member (child named by the escaped member address), routes remote
/// handshakes to them, keeps the peer list from their status reports, picks the active set with
/// <see cref="PeerSelection"/> every reselect-interval, answers peer queries, and downs refused peers when
/// <c>roko.network.down-on-bad-handshake</c> is on and <see cref="RefusalDowning"/> allows it. It owns the node's
/// <see cref="RouteCache"/>: our sessions' smoothed RTTs, the RTT tables peers share (judged by
/// <see cref="RttTableCheck"/>) and departures feed it; every share-interval it sends established peers our own
/// table; <see cref="GetRoute"/> is answered from it, and structured messages (<see cref="RouteEnvelope"/>) go along it:
/// grouped by the next hop of our lowest-RTT route to each destination (<see cref="RoutePlan"/>), over established links
/// that are up. With metrics it keeps the peer count and RTT percentiles current.
/// </summary>
public sealed class PeerManager : ReceiveActor, IWithTimers
{
    private const string ReselectTimer = "reselect";
    private const string ShareTimer = "share-rtt";
    // What a failing peer session gets: a restart (within roko.supervision) whatever it failed of; beyond the limit it stops.
    private static readonly IDecider SessionFailures = Decider.From(Directive.Restart,
        Directive.Restart.When<ActorInitializationException>(), // its start failed: built again, handshaking from scratch
        Directive.Restart.When<ActorKilledException>(),         // killed: handshakes again from scratch
        Directive.Restart.When<Exception>());                   // any other failure (a bad frame it could not handle, a bug): the same

    private readonly NodeIdentity _identity;
    private readonly IClock _clock;
    private readonly OverlaySettings _settings;
    // Who receives admitted envelopes, straight from the sessions (the propagator subscribes at its start).
    private ImmutableArray<IActorRef> _envelopeHandlers;
    private readonly NodeGuard _guard;
    private readonly RokoMetrics? _metrics;
    // Shared by this node's sessions: a relayed envelope arrives from several peers and is verified once.
    private readonly VerifiedEnvelopes _verifiedEnvelopes;
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PeerSelection _selection;
    private readonly Random _random = new();
    private readonly Dictionary<Address, IActorRef> _sessions = [];
    // The member incarnation each address's session is for: a restarted peer's old incarnation is removed after its new
    // one is up, and that removal must not stop the new one's session.
    private readonly MemberIncarnations _incarnations = new();
    // Sessions told to stop and not yet terminated (their child names are still taken), and the addresses whose new
    // session waits for that.
    private readonly Dictionary<IActorRef, Address> _stopping = [];
    private readonly HashSet<Address> _startWhenStopped = [];
    private readonly Dictionary<PeerId, PeerInfo> _peers = [];
    private readonly HashSet<PeerId> _downed = [];
    private readonly Dictionary<PeerId, Address> _addresses = [];
    private readonly Dictionary<Crypto.PublicKey, PeerId> _peerByKey = [];
    private readonly PeerId _self;
    private readonly RouteCache _routes;
    private readonly RttTableCheck _rttTableCheck;
    private readonly IActorRef? _timeSync;
    private List<TimeSyncProtocol.TimePeer> _timePeers = [];
    private ValidatorRosterChanged? _roster;
    private WanCut _wanCut = WanCut.None;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="inbound">Receives <see cref="EnvelopeReceived"/> for every admitted envelope from the start, or
    /// <see cref="ActorRefs.Nobody"/> when the handlers subscribe (<see cref="SubscribeEnvelopes"/>), as the propagator does.</param>
    /// <param name="guard">The node's guard (<c>NodeServices.Guard</c>): its sessions admit every message through it, so a peer's
    /// standing outlives its session.</param>
    /// <param name="metrics">The node's instruments (peer count, traffic, latency); null records nothing.</param>
    /// <param name="timeSync">The node's TimeSyncSampler: told the established peers and their time-probe endpoints
    /// (<see cref="TimeSyncProtocol.SetTimePeers"/>) whenever they change; null when the node runs no time sync.</param>
    public static Props Props(NodeIdentity identity, IClock clock, OverlaySettings settings, IActorRef inbound, NodeGuard guard,
        RokoMetrics? metrics = null, IActorRef? timeSync = null) =>
        Akka.Actor.Props.Create(() => new PeerManager(identity, clock, settings, inbound, guard, metrics, timeSync));

    public PeerManager(NodeIdentity identity, IClock clock, OverlaySettings settings, IActorRef inbound, NodeGuard guard, RokoMetrics? metrics,
        IActorRef? timeSync = null)
    {
        _guard = guard;
        _timeSync = timeSync;
        _identity = identity;
        _clock = clock;
        _settings = settings;
        _verifiedEnvelopes = new VerifiedEnvelopes(settings.Envelope.VerifiedCache);
        _envelopeHandlers = inbound.IsNobody() ? [] : [inbound];
        _metrics = metrics;
        _selection = new PeerSelection(settings.Peers);
        _self = new PeerId(_cluster.SelfAddress.ToString());
        _routes = new RouteCache(new LatencyGraph(_self), settings.Routes);
        _rttTableCheck = new RttTableCheck(settings.Routes, settings.Rtt);

        Receive<ClusterEvent.MemberUp>(e => OnMemberUp(e.Member));
        Receive<ClusterEvent.MemberWeaklyUp>(e => OnMemberUp(e.Member));
        Receive<ClusterEvent.MemberRemoved>(e => OnMemberRemoved(e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => TellSession(e.Member.Address, new ReachabilityChanged(false)));
        Receive<ClusterEvent.ReachableMember>(e => TellSession(e.Member.Address, new ReachabilityChanged(true)));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<PeerWire.Hello>(OnRemoteHello);
        Receive<StatusChanged>(OnStatus);
        Receive<SubscribeEnvelopes>(OnSubscribeEnvelopes);
        Receive<Terminated>(t =>
        {
            if (_envelopeHandlers.Contains(t.ActorRef)) ChangeEnvelopeHandlers(_envelopeHandlers.Remove(t.ActorRef));
            else if (_stopping.Remove(t.ActorRef, out var address))
            {
                if (_startWhenStopped.Remove(address)) EnsureSession(address);
            }
            else Forget(t.ActorRef);
        });
        Receive<ReselectTick>(_ => Reselect());
        Receive<ShareTick>(_ => ShareRttTable());
        Receive<RttTableReceived>(OnRttTable);
        Receive<ValidatorRosterChanged>(changed =>
        {
            // One handed over by a failed incarnation may arrive after a newer one: rosters only move forward.
            if (_roster is not null && changed.Roster.Height < _roster.Roster.Height) return;
            _roster = changed;
            foreach (var session in _sessions.Values) session.Tell(changed);
        });
        Receive<GetRoute>(query => Sender.Tell(new CurrentRoute(_routes.Find(_self, query.To))));
        Receive<GetPeers>(_ => Sender.Tell(new CurrentPeers([.. _peers.Values.OrderBy(p => p.Id)], RoutesToPeers())));
        Receive<RouteEnvelope>(OnRouteEnvelope);
        Receive<GetPeersByLatency>(_ => Sender.Tell(new PeersByLatency(ByLatency())));
        Receive<SendTo>(cmd =>
        {
            if (_addresses.TryGetValue(cmd.Peer, out var address) && _sessions.TryGetValue(address, out var session))
                session.Tell(new Send(cmd.Envelope));
        });
        Receive<AlertingProtocol.RequestMorePeers>(OnRequestMorePeers);
        Receive<CutWanLinks>(cut => ChangeWanCut(_wanCut.Cut(cut.Peers)));
        Receive<HealWanLinks>(_ => ChangeWanCut(WanCut.None));
        Receive<GetWanCut>(_ => Sender.Tell(new CurrentWanCut(_wanCut)));
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
        Timers.StartPeriodicTimer(ShareTimer, ShareTick.Instance, _settings.Routes.ShareInterval);
        Context.System.EventStream.Subscribe(Self, typeof(AlertingProtocol.RequestMorePeers));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    /// <summary>The guardian tells the validator roster only when it changes: the failed incarnation hands it to the next one.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (_roster is not null) Self.Tell(_roster);
        // Subscriptions outlive a restart: the new incarnation reads them first, before any session exists again.
        foreach (var handler in _envelopeHandlers) Self.Tell(new SubscribeEnvelopes(handler));
        base.PreRestart(reason, message);
    }

    /// <summary>
    /// Alerting's response to a low peer count: dial every member we have no session with, repeat the handshake now
    /// on every session still connecting, and reselect the active set from whatever is established.
    /// </summary>
    private void OnRequestMorePeers(AlertingProtocol.RequestMorePeers request)
    {
        var members = _cluster.State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && m.Address != _cluster.SelfAddress)
            .Select(m => m.Address).ToList();
        int dialed = members.Count(a => !_sessions.ContainsKey(a) && EnsureSession(a) is not null);
        var connecting = _peers.Values.Where(p => p.State == PeerState.Connecting && _addresses.ContainsKey(p.Id)).ToList();
        foreach (var peer in connecting) TellSession(_addresses[peer.Id], HelloTick.Instance);
        Reselect();
        _log.Info("More peers requested ({0}): {1} new session(s) dialed, {2} handshake(s) repeated, {3} member(s) known",
            request.Reason, dialed, connecting.Count, members.Count);
    }

    /// <summary>
    /// The emulated WAN's cut (test-only /admin/wan): every session hears whether its link is cut, block sync hears the
    /// whole cut on the event stream. Answers the sender with the cut now in force.
    /// </summary>
    private void ChangeWanCut(WanCut cut)
    {
        if (cut != _wanCut)
        {
            _wanCut = cut;
            if (cut.IsActive) _log.Warning("WAN CUT (emulated): links to {0} carry nothing until healed", cut);
            else _log.Warning("WAN HEALED (emulated): every link carries traffic again");
            foreach (var (address, session) in _sessions) session.Tell(new WanLinkCut(cut.Isolates(address.ToString())));
            Context.System.EventStream.Publish(new WanCutChanged(cut));
            UpdateTimePeers();
        }
        Sender.Tell(new CurrentWanCut(_wanCut));
    }

    /// <summary>
    /// A failing session is restarted: it handshakes again from scratch, told again the roster and its link's WAN cut (which
    /// it was told once). One that exhausts its restarts stops; <see cref="Forget"/> drops the peer until it joins again or
    /// more peers are requested.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new Supervision.LimitedRestarts(_settings.Supervision, SessionFailures, onRestart: (session, _) =>
        {
            if (_roster is not null) session.Tell(_roster);
            session.Tell(new EnvelopeHandlersChanged(_envelopeHandlers));
            var address = _sessions.FirstOrDefault(kv => kv.Value.Equals(session)).Key;
            if (address is not null && _wanCut.Isolates(address.ToString())) session.Tell(new WanLinkCut(true));
        });

    public static string ChildName(Address address) => Uri.EscapeDataString(address.ToString());

    private void OnMemberUp(Member member)
    {
        if (member.Address == _cluster.SelfAddress) return;
        _incarnations.Up(member.Address.ToString(), member.UniqueAddress.Uid);
        EnsureSession(member.Address);
    }

    /// <summary>
    /// A member left the cluster: its session stops, unless a newer incarnation of the same address is already up (a peer
    /// restarted on the same host and port): Akka publishes the new one's MemberUp before the old one's MemberRemoved when
    /// one gossip brings both, and stopping then left the node without a session to that peer (and without it as a time
    /// source) until the peer dialled again.
    /// </summary>
    private void OnMemberRemoved(Member member)
    {
        if (_incarnations.Removed(member.Address.ToString(), member.UniqueAddress.Uid)) StopSession(member.Address);
        else _log.Info("Previous incarnation {0} of {1} removed; the session to the incarnation up now stays", member.UniqueAddress.Uid, member.Address);
    }

    private IActorRef? EnsureSession(Address address)
    {
        if (address == _cluster.SelfAddress) return null;
        if (_sessions.TryGetValue(address, out var existing)) return existing;
        if (_stopping.ContainsValue(address))
        {
            // The previous session to this address has not terminated yet and still holds the child name: start after it.
            _startWhenStopped.Add(address);
            return null;
        }
        var session = Context.ActorOf(PeerSession.Props(address, _identity, _clock, _settings, _envelopeHandlers, _guard, _metrics, _verifiedEnvelopes), ChildName(address));
        Context.Watch(session);
        if (_roster is not null) session.Tell(_roster);
        if (_wanCut.Isolates(address.ToString())) session.Tell(new WanLinkCut(true));
        _sessions[address] = session;
        _addresses[new PeerId(address.ToString())] = address;
        return session;
    }

    /// <summary>A remote session's handshake: forwarded to our session for its node, if that node is a member.</summary>
    private void OnRemoteHello(PeerWire.Hello hello)
    {
        var address = Sender.Path.Address;
        var member = _cluster.State.Members.FirstOrDefault(m => m.Address == address && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining);
        if (member is null) return;
        if (_incarnations.Current(address.ToString()) is null) _incarnations.Up(address.ToString(), member.UniqueAddress.Uid);
        EnsureSession(address)?.Forward(hello);
    }

    /// <param name="terminated">The session has terminated already (it stopped itself): nothing to wait for.</param>
    private void StopSession(Address address, bool terminated = false)
    {
        _startWhenStopped.Remove(address);
        if (_sessions.Remove(address, out var session) && !terminated)
        {
            _stopping[session] = address;
            Context.Stop(session);
        }
        var id = new PeerId(address.ToString());
        _peers.Remove(id);
        _addresses.Remove(id);
        foreach (var key in _peerByKey.Where(kv => kv.Value == id).Select(kv => kv.Key).ToList()) _peerByKey.Remove(key);
        _routes.RemoveNode(id);
        UpdateMetrics();
        UpdateTimePeers();
    }

    private void OnSubscribeEnvelopes(SubscribeEnvelopes subscribe)
    {
        if (_envelopeHandlers.Contains(subscribe.Handler)) return;
        Context.Watch(subscribe.Handler);
        ChangeEnvelopeHandlers(_envelopeHandlers.Add(subscribe.Handler));
    }

    private void ChangeEnvelopeHandlers(ImmutableArray<IActorRef> handlers)
    {
        _envelopeHandlers = handlers;
        foreach (var session in _sessions.Values) session.Tell(new EnvelopeHandlersChanged(handlers));
    }

    private void Forget(IActorRef session)
    {
        var address = _sessions.FirstOrDefault(kv => kv.Value.Equals(session)).Key;
        if (address is not null) StopSession(address, terminated: true);
    }

    private void TellSession(Address address, object message)
    {
        if (_sessions.TryGetValue(address, out var session)) session.Tell(message);
    }

    private void OnStatus(StatusChanged status)
    {
        if (!_addresses.ContainsKey(status.Peer.Id)) return;
        var before = _peers.GetValueOrDefault(status.Peer.Id);
        bool newlyEstablished = status.Peer.State == PeerState.Established && before?.State != PeerState.Established;
        _peers[status.Peer.Id] = status.Peer;
        if (status.Peer.NodeKey is { } key) _peerByKey[key] = status.Peer.Id;
        UpdateRoutes(status.Peer);
        UpdateMetrics();
        // Most changes are RTT samples, several a second per peer: the time peers depend only on these three fields.
        if (before is null || (before.State, before.TimeProbePort, before.NodeKey) != (status.Peer.State, status.Peer.TimeProbePort, status.Peer.NodeKey))
            UpdateTimePeers();
        if (newlyEstablished) Reselect();
        if (status.Peer.State == PeerState.Refused || newlyEstablished) DownRefusedPeers();
    }

    /// <summary>
    /// Hands the time-sync sampler the established peers that announced a time-probe port, when that set changed: each
    /// with its remoting host, that port and its handshake's node key (which must sign its time attestations). A peer
    /// behind the emulated WAN cut is left out: its time probes go over UDP, not through the cut session.
    /// </summary>
    private void UpdateTimePeers()
    {
        if (_timeSync is null) return;
        var peers = _peers.Values
            .Where(p => p is { State: PeerState.Established, TimeProbePort: > 0, NodeKey: not null } && _addresses.ContainsKey(p.Id)
                        && !_wanCut.Isolates(_addresses[p.Id].ToString()) && _addresses[p.Id].Host is not null)
            .OrderBy(p => p.Id)
            .Select(p => new TimeSyncProtocol.TimePeer(p.Id.ToString(), _addresses[p.Id].Host!, p.TimeProbePort, p.NodeKey!.Value))
            .ToList();
        // Compared whole, not by peer: a peer that restarted on the same address comes back with a new time-probe port (the
        // default port 0 binds a fresh one) and possibly without a state change seen in between; by address alone the
        // sampler kept probing the dead port and lost that source for good.
        if (peers.SequenceEqual(_timePeers)) return;
        _timePeers = peers;
        _timeSync.Tell(new TimeSyncProtocol.SetTimePeers([.. peers]));
    }

    private void DownRefusedPeers()
    {
        if (!_settings.DownOnBadHandshake) return;
        int established = _peers.Values.Count(p => p.State == PeerState.Established);
        var refused = _peers.Values.Where(p => p.State == PeerState.Refused).ToList();
        bool mayDownAll = RefusalDowning.MayDown(established, refused.Count);
        foreach (var peer in refused.Where(p => (mayDownAll || RefusalDowning.DownsRegardless(p.RefusedFor)) && _downed.Add(p.Id)))
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

    /// <summary>Our own measurement of a link; a peer we cut off or refused leaves the graph, a link that is down leaves it until up.</summary>
    private void UpdateRoutes(PeerInfo peer)
    {
        if (peer.State is PeerState.Refused or PeerState.Blacklisted) _routes.RemoveNode(peer.Id);
        else if (peer is { State: PeerState.Established, LinkUp: false }) _routes.RemoveLink(_self, peer.Id);
        else if (peer is { State: PeerState.Established, RttSmoothedNanos: { } rtt }) _routes.ReportLink(_self, peer.Id, rtt);
    }

    /// <summary>
    /// A structured message: one copy per next hop, carrying the destinations still to reach through it. Destinations no
    /// usable link leads to are dropped here (counted): the origin's re-sends and the other copies are the remedy.
    /// </summary>
    private void OnRouteEnvelope(RouteEnvelope cmd)
    {
        var destinations = cmd.Destinations ?? [.. _peers.Values
            .Where(p => p.State == PeerState.Established && p.NodeKey is not null)
            .Select(p => p.NodeKey!.Value)];
        var plan = RoutePlan.For(destinations, _identity.Key.PublicKey,
            key => _peerByKey.TryGetValue(key, out var peer) ? peer : null,
            peer => _routes.Find(_self, peer), IsUp, IsConnected, cmd.CameFrom);
        foreach (var (next, group) in plan.Hops)
            TellSession(_addresses[next], new Send(cmd.Envelope, new RouteHeader(group, cmd.HopsLeft)));
        _metrics?.RecordRouting(plan.Direct, plan.Relayed, plan.Unroutable.Length);
        if (plan.Unroutable.Length > 0 && _log.IsDebugEnabled)
            _log.Debug("No usable route for {0} of {1} destination(s) of a {2} message", plan.Unroutable.Length, plan.Direct + plan.Relayed + plan.Unroutable.Length,
                cmd.Envelope.Type);
    }

    /// <summary>A peer whose session is established and not cut off by the emulated WAN.</summary>
    private bool IsConnected(PeerId peer) =>
        _peers.TryGetValue(peer, out var info) && info.State == PeerState.Established
        && _addresses.ContainsKey(peer) && !_wanCut.Isolates(peer.ToString());

    /// <summary>A connected peer whose link is up (its pongs come back).</summary>
    private bool IsUp(PeerId peer) => IsConnected(peer) && _peers[peer].LinkUp;

    /// <summary>Our lowest-RTT route to every peer the latency graph reaches (GET /peers shows them).</summary>
    private ImmutableDictionary<PeerId, Route> RoutesToPeers()
    {
        var routes = ImmutableDictionary.CreateBuilder<PeerId, Route>();
        foreach (var peer in _peers.Keys)
            if (_routes.Find(_self, peer) is { } route) routes[peer] = route;
        return routes.ToImmutable();
    }

    /// <summary>Our smoothed RTTs over links that are up, signed once, to every established peer.</summary>
    private void ShareRttTable()
    {
        var table = RttTable.From(_peers.Values
            .Where(p => p is { State: PeerState.Established, LinkUp: true, RttSmoothedNanos: not null })
            .Select(p => KeyValuePair.Create(p.Id, p.RttSmoothedNanos!.Value)));
        if (table.Count == 0) return;
        var encoded = table.Seal(_identity.Key, _clock.Estimate()).Encode();
        foreach (var peer in _peers.Values.Where(p => p.State == PeerState.Established))
            TellSession(_addresses[peer.Id], new ShareRtt(encoded));
    }

    private void OnRttTable(RttTableReceived received)
    {
        if (!_peers.TryGetValue(received.From, out var reporter) || reporter.State != PeerState.Established) return;
        var known = _addresses.Keys.Append(_self).ToHashSet();
        switch (_rttTableCheck.Judge(received.From, received.Table, known))
        {
            case RttTableVerdict.Accepted accepted:
                _routes.ApplyRttTable(received.From, accepted.Table.RttNanosByPeer);
                break;
            case RttTableVerdict.Rejected refused:
                _log.Warning("RTT table from {0} refused: {1}", received.From, refused);
                _metrics?.RecordRttTableRejected(refused.Reason);
                break;
        }
    }

    private void UpdateMetrics()
    {
        if (_metrics is null) return;
        var established = _peers.Values.Where(p => p.State == PeerState.Established).ToList();
        _metrics.SetPeerCount(established.Count);
        if (PeerLatencySummary.Of(established.Where(p => p.RttSmoothedNanos is not null).Select(p => p.RttSmoothedNanos!.Value)) is { } latency)
            _metrics.SetLatency(Nanoseconds.ToTimeSpan(latency.P50Nanos), Nanoseconds.ToTimeSpan(latency.P99Nanos));
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

    private sealed record ShareTick
    {
        public static ShareTick Instance { get; } = new();
    }
}
