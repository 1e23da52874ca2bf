using Akka.Actor;
using Akka.Event;
using Roko.Actors.Archive;
using Roko.Actors.Consensus;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Propagation;
using Roko.Actors.Crypto;
using Roko.Actors.Forks;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Monitoring;
using Roko.Actors.Persistence;
using Roko.Actors.Supervision;
using Roko.Actors.Time;
using Roko.Actors.Sync;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Nodes;

/// <summary>
/// /user/node: starts the chain store, waits for its recovery, then starts the mempool and (on validators) the
/// block producer, then the monitoring children (<see cref="NodeMonitoring"/>) and on validators the services for
/// cluster clients (<see cref="NodeClusterAccess"/>). Children that fail are restarted (<see cref="LimitedRestarts"/>, roko.supervision);
/// if the chain store stops (journal failure, corrupt recovery) the node shuts down with exit code 1, because a node that cannot
/// persist must not go on. Any other child that stops for good (its restarts exhausted) makes the node not ready: GET /health names
/// it, the component-stopped alert fires (through the stopped_components metric) and an error line says which and why.
/// </summary>
public sealed class NodeGuardian : ReceiveActor
{
    private readonly NodeServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _chain = ActorRefs.Nobody;
    private IActorRef? _mempool;
    private IActorRef _propagator = ActorRefs.Nobody;
    private IActorRef _clockActor = ActorRefs.Nobody;
    private IActorRef? _timeWire;
    private LedgerState? _tip;
    // Components (children) that stopped for good, by name, with why; the node is not ready while any is here.
    private readonly SortedDictionary<string, string> _stopped = new(StringComparer.Ordinal);
    // The failure after which supervision gave a child up, by child name, until its Terminated arrives.
    private readonly Dictionary<string, Exception> _givenUp = new(StringComparer.Ordinal);

    /// <summary>Where every node's BlockSync lives; peers ask it for block ranges.</summary>
    public const string BlockSyncPath = "/user/node/sync";

    public static Props Props(NodeServices services) => Akka.Actor.Props.Create(() => new NodeGuardian(services));

    public NodeGuardian(NodeServices services)
    {
        _services = services;
        Starting();
    }

    // What a failing component gets: a restart (within roko.supervision) whatever it failed of; beyond the limit it is
    // stopped for good and the node is not ready (a stopped chain store stops the node).
    private static readonly IDecider ComponentFailures = Decider.From(Directive.Restart,
        Directive.Restart.When<ActorInitializationException>(), // its start failed (a database or port not there yet): built again from its Props
        Directive.Restart.When<ActorKilledException>(),         // killed (an operator, a chaos test): rebuilt as after any failure
        Directive.Restart.When<Exception>());                   // any other failure: rebuilt from the journal, its peers and its subscriptions

    protected override SupervisorStrategy SupervisorStrategy() =>
        new LimitedRestarts(_services.SupervisionSettings, ComponentFailures, onGivenUp: (child, cause) => _givenUp[child.Path.Name] = cause);

    protected override void PreStart()
    {
        StartClock();
        StartTimeWire();
        // Early, before the chain store recovers: a restarted node must get its previous incarnation downed to join.
        Context.ActorOf(Network.Overlay.IncarnationGuard.Props(_services.IncarnationSettings), "incarnation");
        _chain = Context.ActorOf(ChainStore.Props(_services.Genesis, _services.ChainStoreSettings, _services.SignatureCache, _services.Metrics), "chain");
        Context.Watch(_chain);
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
        // A restarted guardian's followers learn at once that the refs they hold belong to the previous incarnation.
        PublishStatus();
    }

    private void Starting()
    {
        Receive<ChainStoreProtocol.CurrentChainTip>(tip =>
        {
            _tip = tip.State;
            // The propagator subscribes to the PeerManager's admitted envelopes: its sessions send them there directly.
            var timeSync = StartTimeSync();
            var peers = Context.ActorOf(PeerManager.Props(_services.Identity, _services.Clock, _services.OverlaySettings, ActorRefs.Nobody, _services.Guard, _services.Metrics,
                timeSync), "peers");
            _propagator = Context.ActorOf(BlockPropagator.Props(_services.NodeKey, _services.Clock, peers,
                _services.PropagationSettings, seed: _services.NodeKey.PublicKey.GetHashCode()), "propagator");
            Context.ActorOf(CommittedChainAnnouncer.Props(tip.State, peers,
                _services.Settings.Role == NodeRole.Validator ? _propagator : null), CommittedChainAnnouncer.Name);
            _mempool = Context.ActorOf(MempoolRouter.Props(_chain, _services.Clock, _services.MempoolSettings, _services.Metrics, _propagator,
                _services.SignatureCache, _services.ConsensusSettings.InclusionDelay), "mempool");
            Context.ActorOf(ParticipationWatch.Props(_services.Metrics, _propagator), "participation");
            // Before consensus: the driver signs nothing until the fork record says no fork is unresolved.
            var forks = Context.ActorOf(ForkMonitor.Props(_services.Genesis.ChainId, _services.Metrics, _services.Clock, _chain, _propagator,
                _services.ChainStoreSettings.RecentBlocks), ForkMonitorProtocol.Name);
            IActorRef consensus = ActorRefs.Nobody;
            if (_services.Settings.Role == NodeRole.Validator)
            {
                consensus = Context.ActorOf(ConsensusDriver.Props(tip.State, _services.NodeKey, _services.Clock, _services.ConsensusSettings,
                    _services.ConsensusSettings.BlockInterval, _chain, _mempool, _propagator, _services.SigningRecords, _services.SignatureCache,
                    _services.ParticipationRefusal, forks, _services.Metrics), "consensus");
                Context.ActorOf(EvidenceReporterActor.Props(_services.NodeKey, tip.State.ChainId, _services.Clock, _mempool), "evidence");
            }
            if (_services.SyncSettings.Enabled)
            {
                var system = Context.System;
                Context.ActorOf(BlockSync.Props(_services.Genesis.ChainId, _services.SyncSettings, _services.Clock, _chain, peers, consensus,
                    peer => system.ActorSelection(peer.Value + BlockSyncPath), _services.NodeKey, _services.Guard), "sync");
            }
            NodeMonitoring.Start(Context, _services, peers, tip.State.Height);
            if (_services.Settings.Role == NodeRole.Validator)
                NodeClusterAccess.Start(Context, _services, _mempool, tip.State.Height);
            if (_services.Settings.Role == NodeRole.Archive) StartArchive(tip.State);
            Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
            // Every child is watched: one that stops for good takes the node's readiness with it (OnChildStopped).
            foreach (var child in Context.GetChildren()) Context.Watch(child);
            _log.Info("Node {0} ({1}, {2}) ready at height {3}", _services.Settings.Name, _services.Settings.Role, _services.Settings.Region, tip.State.Height);
            Become(Running);
            PublishStatus();
        });
        Receive<GetNodeStatus>(_ => Sender.Tell(CurrentStatus()));
        TimeSyncReceives();
        Receive<Terminated>(t => OnChainStopped(t));
    }

    private void Running()
    {
        Receive<GetNodeStatus>(_ => Sender.Tell(CurrentStatus()));
        // The tip, for GetNodeStatus and the status followers; the chain store records the block metrics, the announcer
        // tells the overlay.
        Receive<ChainStoreProtocol.BlockCommitted>(e =>
        {
            _tip = e.State;
            PublishStatus();
        });
        TimeSyncReceives();
        Receive<Terminated>(OnChildStopped);
    }

    /// <summary>Not ready (no refs) until the services are started; then ready unless a component stopped for good.</summary>
    private NodeStatus CurrentStatus() => _mempool is null
        ? new NodeStatus(false, null, null, null)
        : new NodeStatus(_stopped.Count == 0, _tip, _mempool, _chain) { Stopped = [.. _stopped.Keys] };

    /// <summary>
    /// Tells the event stream's <see cref="NodeStatus"/> subscribers (the HTTP API's <c>NodeStatusFollower</c>) the status
    /// whenever it changes: at start, once ready, at each committed block and when a component stops for good. Sent from this
    /// actor like its answers to <see cref="GetNodeStatus"/>, so a follower that subscribes and then asks sees them in order.
    /// </summary>
    private void PublishStatus() => Context.System.EventStream.Publish(CurrentStatus());

    /// <summary>
    /// /user/node/clock: the PtpClockActor owning the node's disciplined clock (pinned dispatcher). Says loudly when the
    /// clock cannot bound its error, and what the node does about it.
    /// </summary>
    private void StartClock()
    {
        if (_services.NodeClock is not { } clock)
        {
            _log.Info("Node clock supplied by the caller ({0}); no clock actor or time sync", _services.Clock.GetType().Name);
            return;
        }
        _clockActor = Context.ActorOf(PtpClockActor.Props(clock.Disciplined, clock.Settings), "clock");
        var status = clock.Status();
        if (status.IsBounded)
            _log.Info("Node clock: {0}", status);
        else if (status.Assumed)
            _log.Warning("CLOCK UNSYNCHRONIZED: {0} cannot bound its error; until time sync corrects it the node ASSUMES ±{1} ns " +
                         "(roko.clock.assumed-uncertainty) — an assumption, not a measurement", status.SourceName, clock.Settings.AssumedUncertaintyNanos);
        else
            _log.Warning("CLOCK UNSYNCHRONIZED: {0} cannot bound its error (adjtimex STA_UNSYNC or an unsynchronized source); the clock " +
                         "interval is UNBOUNDED until time sync corrects it from synchronized peers: transactions are refused and this node " +
                         "does not vote meanwhile. Fix: a time card (roko.clock.source = phc), a synchronized NTP/PTP daemon, or " +
                         "roko.clock.assumed-uncertainty for a devnet", status.SourceName);
        if (_services.Settings.Role == NodeRole.Validator && _services.ParticipationRefusal() is { } refusal)
            _log.Warning("This validator will NOT propose or vote for now: {0}", refusal);
    }

    /// <summary>
    /// /user/node/timewire: the node's time-probe UDP socket (bound by RokoNode, its port in our handshake). It answers
    /// every node's probes from the node clock with signed attestations — also on a node whose clock the caller supplied —
    /// and carries our sampler's probes.
    /// </summary>
    private void StartTimeWire()
    {
        if (_services.TimeWire is not { } socket) return;
        var clock = new Time.Wire.WireClock(_services.Clock, _services.NodeClock?.Disciplined);
        _timeWire = Context.ActorOf(Time.Wire.TimeWireEndpoint.Props(socket, clock, _services.NodeKey, _services.TimeWireSettings,
            _services.Guard), "timewire");
    }

    /// <summary>
    /// /user/node/timesync: samples the established peers the PeerManager hands it through /user/node/timewire. It
    /// corrects the clock unless this node reads a time card (which anchors the others and is never steered by them); a
    /// card's sampler checks the card against its peers, so time_drift and attestation_rate are measured on every node.
    /// </summary>
    private IActorRef? StartTimeSync()
    {
        if (_services.NodeClock is not { } clock || _timeWire is null) return null;
        var sampler = Context.ActorOf(TimeSyncSampler.Props(clock.Disciplined, _clockActor, _timeWire, _services.TimeSyncSettings,
            steers: !clock.ConfiguredTimeCard), "timesync");
        Context.System.EventStream.Subscribe(Self, typeof(TimeSyncProtocol.TimeSyncStatus));
        Context.System.EventStream.Subscribe(Self, typeof(Time.Wire.TimeWireProtocol.TimeReplyRefused));
        Context.System.EventStream.Subscribe(Self, typeof(Time.Wire.TimeWireProtocol.TimeAttestationVerified));
        return sampler;
    }

    private void TimeSyncReceives()
    {
        Receive<TimeSyncProtocol.TimeSyncStatus>(RecordTimeSync);
        Receive<Time.Wire.TimeWireProtocol.TimeReplyRefused>(refused => _services.Metrics.RecordTimeReplyRefused(refused.Reason));
        Receive<Time.Wire.TimeWireProtocol.TimeAttestationVerified>(_ => _services.Metrics.RecordTimeAttestationVerified());
    }

    /// <summary>
    /// time_drift (positive: our clock runs ahead of network time), sync_accuracy (our interval's half-width),
    /// attestation_rate (the share of sampled peers whose verified attestation we hold), the falsetickers named, and on a
    /// time card its own check, which decides whether the clock counts as a time card.
    /// </summary>
    private void RecordTimeSync(TimeSyncProtocol.TimeSyncStatus status)
    {
        if (status.AttestationRate is { } rate) _services.Metrics.SetAttestationRate(rate);
        if (status.Outcome == SyncOutcome.Synchronized) _services.Metrics.SetTimeDriftNanos(-status.TimeDriftNanos);
        if (status.SyncAccuracyNanos != long.MaxValue) _services.Metrics.SetSyncAccuracyNanos(status.SyncAccuracyNanos);
        _services.Metrics.SetTimeFalsetickers(status.Falsetickers);
        if (_services.NodeClock is { ConfiguredTimeCard: true } card)
        {
            card.ReportCardCheck(status.CardFalseticker);
            _services.Metrics.SetTimeCardFalseticker(status.CardFalseticker);
        }
    }

    /// <summary>An archive has no vote: it follows gossiped committed blocks and indexes its journal into the read model.</summary>
    private void StartArchive(LedgerState tip)
    {
        var archive = _services.Archive ?? throw new InvalidOperationException("an archive node needs its read model (NodeServices.Archive)");
        Context.ActorOf(CommittedBlockFollower.Props(_chain, _propagator, tip.Height, archive.Settings.FollowBuffer), "follower");
        Context.ActorOf(ArchiveIndexer.Props(archive.Writer, _services.Genesis, archive.Settings), "indexer");
    }

    /// <summary>
    /// A watched child stopped. The chain store: the node shuts down. Any other child, unless the node is shutting down or
    /// leaving the cluster (the singleton manager stops then): the node is not ready until it is restarted.
    /// </summary>
    private void OnChildStopped(Terminated t)
    {
        if (t.ActorRef.Equals(_chain))
        {
            OnChainStopped(t);
            return;
        }
        string name = t.ActorRef.Path.Name;
        _givenUp.Remove(name, out var cause);
        if (Leaving())
        {
            _log.Info("{0} stopped while the node shuts down or leaves the cluster", t.ActorRef.Path);
            return;
        }
        var limits = _services.SupervisionSettings;
        string why = cause is null
            ? "stopped outside supervision"
            : $"exhausted its restarts (roko.supervision: {limits.MaxRestarts} within {limits.RestartWindow}); last failure: {cause.GetType().Name}: {cause.Message}";
        _stopped[name] = why;
        _services.Metrics.SetStoppedComponents(_stopped.Count);
        PublishStatus();
        _log.Error("COMPONENT STOPPED: {0} {1}. The node is NOT READY (GET /health names it) and no longer does that part of its work; " +
                   "restart the node", t.ActorRef.Path, why);
    }

    private bool Leaving()
    {
        if (CoordinatedShutdown.Get(Context.System).ShutdownReason is not null) return true;
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        return cluster.IsTerminated || cluster.SelfMember.Status is Akka.Cluster.MemberStatus.Leaving or Akka.Cluster.MemberStatus.Exiting
            or Akka.Cluster.MemberStatus.Down or Akka.Cluster.MemberStatus.Removed;
    }

    private void OnChainStopped(Terminated t)
    {
        if (!t.ActorRef.Equals(_chain)) return;
        _log.Error("The chain store stopped (journal failure or unrecoverable chain); shutting the node down");
        _services.ReportFatal("chain store stopped");
        CoordinatedShutdown.Get(Context.System).Run(ChainStoreFailed.Instance);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>CoordinatedShutdown reason when the chain store can no longer persist.</summary>
    public sealed class ChainStoreFailed : CoordinatedShutdown.Reason
    {
        public static ChainStoreFailed Instance { get; } = new();
        public override int ExitCode => 1;
    }
}
