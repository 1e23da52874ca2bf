using Akka.Actor;
using Akka.Event;
using Roko.Actors.Archive;
using Roko.Actors.Consensus;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Propagation;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Persistence;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Nodes;

/// <summary>
/// /user/node: starts the chain store, waits for its recovery, then starts the mempool and (on validators) the
/// block producer, then the monitoring children (<see cref="NodeMonitoring"/>) and on validators the services for
/// cluster clients (<see cref="NodeClusterAccess"/>). Children that fail are restarted; if the chain store stops (journal failure, corrupt
/// recovery) the node shuts down with exit code 1, because a node that cannot persist must not go on.
/// </summary>
public sealed class NodeGuardian : ReceiveActor
{
    private readonly NodeServices _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _chain = ActorRefs.Nobody;
    private IActorRef? _mempool;
    private IActorRef _propagator = ActorRefs.Nobody;
    private LedgerState? _tip;

    public static Props Props(NodeServices services) => Akka.Actor.Props.Create(() => new NodeGuardian(services));

    public NodeGuardian(NodeServices services)
    {
        _services = services;
        Starting();
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);

    protected override void PreStart()
    {
        _chain = Context.ActorOf(ChainStore.Props(_services.Genesis, _services.ChainStoreSettings, _services.SignatureCache), "chain");
        Context.Watch(_chain);
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
    }

    private void Starting()
    {
        Receive<ChainStoreProtocol.CurrentChainTip>(tip =>
        {
            _tip = tip.State;
            // The PeerManager hands admitted envelopes to this guardian, which passes them to the propagator.
            var peers = Context.ActorOf(PeerManager.Props(_services.Identity, _services.Clock, _services.OverlaySettings, Self, _services.Metrics), "peers");
            _propagator = Context.ActorOf(BlockPropagator.Props(_services.NodeKey, _services.Settings.OverlayRegion, _services.Clock, peers,
                _services.PropagationSettings, seed: _services.NodeKey.PublicKey.GetHashCode()), "propagator");
            _mempool = Context.ActorOf(MempoolRouter.Props(tip.State, _services.Clock, _services.MempoolSettings, _services.Metrics, _propagator,
                _services.SignatureCache), "mempool");
            if (_services.Settings.Role == NodeRole.Validator)
                Context.ActorOf(ConsensusDriver.Props(tip.State, _services.NodeKey, _services.Clock, _services.ConsensusSettings,
                    _services.ConsensusSettings.BlockInterval, _chain, _mempool, _propagator, _services.SignatureCache), "consensus");
            NodeMonitoring.Start(Context, _services, peers, tip.State.Height);
            if (_services.Settings.Role == NodeRole.Validator)
                NodeClusterAccess.Start(Context, _services, _mempool, tip.State.Height);
            if (_services.Settings.Role == NodeRole.Archive) StartArchive(tip.State);
            Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
            _log.Info("Node {0} ({1}, {2}) ready at height {3}", _services.Settings.Name, _services.Settings.Role, _services.Settings.Region, tip.State.Height);
            Become(Running);
        });
        Receive<GetNodeStatus>(_ => Sender.Tell(new NodeStatus(false, null, null, null)));
        Receive<Terminated>(t => OnChainStopped(t));
    }

    private void Running()
    {
        Receive<GetNodeStatus>(_ => Sender.Tell(new NodeStatus(true, _tip, _mempool, _chain)));
        Receive<ChainStoreProtocol.BlockCommitted>(e =>
        {
            var sincePrevious = TimeSpan.FromTicks(Math.Max(0, (e.Block.Header.BlockTime - _tip!.LastBlockTime) / 100));
            _services.Metrics.RecordBlockCommitted((long)e.State.Height, sincePrevious);
            // The block was signed by the validators of the state before it.
            var participation = CommitParticipation.Of(_tip.Validators, e.Block.Commit);
            _services.Metrics.SetValidatorParticipation(participation.Ratio, participation.MissingNames);
            _tip = e.State;
            // Validators announce each committed block (with its certificate) so archives, which do not vote, follow the chain.
            if (_services.Settings.Role == NodeRole.Validator) _propagator.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Block, e.Block.Encode()));
        });
        Receive<MempoolProtocol.SubmitTransaction>(cmd => _mempool.Forward(cmd));
        Receive<PeerManagerProtocol.EnvelopeReceived>(e => _propagator.Forward(e));
        Receive<Terminated>(t => OnChainStopped(t));
    }

    /// <summary>An archive has no vote: it follows gossiped committed blocks and indexes its journal into the read model.</summary>
    private void StartArchive(LedgerState tip)
    {
        var archive = _services.Archive ?? throw new InvalidOperationException("an archive node needs its read model (NodeServices.Archive)");
        Context.ActorOf(CommittedBlockFollower.Props(_chain, _propagator, tip.Height, archive.Settings.FollowBuffer), "follower");
        Context.ActorOf(ArchiveIndexer.Props(archive.Writer, _services.Genesis, archive.Settings), "indexer");
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
