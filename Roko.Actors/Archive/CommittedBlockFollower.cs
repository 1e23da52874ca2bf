using Akka.Actor;
using Akka.Event;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Archive;

/// <summary>
/// /user/node/follower on archives (no vote, so no consensus): takes the committed blocks validators gossip
/// (<see cref="MessageKind.Block"/>, each with its commit certificate) and hands them to the chain store strictly in
/// height order through the pure <see cref="CommittedBlockQueue"/>. The chain store checks every rule, the commit
/// certificate against the validator set included, before it journals a block; refused blocks are dropped.
/// </summary>
public sealed class CommittedBlockFollower : ReceiveActor
{
    private readonly IActorRef _chain;
    private readonly IActorRef _propagator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CommittedBlockQueue _queue;
    private ulong? _reportedGap;

    public static Props Props(IActorRef chain, IActorRef propagator, ulong tip, int capacity) =>
        Akka.Actor.Props.Create(() => new CommittedBlockFollower(chain, propagator, tip, capacity));

    public CommittedBlockFollower(IActorRef chain, IActorRef propagator, ulong tip, int capacity)
    {
        _chain = chain;
        _propagator = propagator;
        _queue = CommittedBlockQueue.Start(tip, capacity);

        Receive<Delivered>(OnDelivered);
        Receive<ChainStoreProtocol.BlockCommitted>(c => Apply(_queue.Committed(c.Block.Height)));
        // The tip given at start-up is stale after a restart: the chain store says where the chain is now.
        Receive<ChainStoreProtocol.CurrentChainTip>(t => Apply(_queue.Committed(t.State.Height)));
        Receive<ChainStoreProtocol.BlockRefused>(r =>
        {
            _log.Warning("The chain store refused gossiped block {0}: {1}", r.Height, r.Reason);
            _queue = _queue.Refused(r.Height);
        });
    }

    protected override void PreStart()
    {
        _propagator.Tell(new Subscribe(MessageKind.Block, Self));
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnDelivered(Delivered delivered)
    {
        Block block;
        try
        {
            block = Block.Decode(delivered.Payload);
        }
        catch (CanonicalDecodingException e)
        {
            _log.Warning("Undecodable block from {0}: {1}", delivered.From?.ToString() ?? "this node", e.Message);
            return;
        }
        Apply(_queue.Offer(block));
    }

    private void Apply((CommittedBlockQueue Queue, Block? Commit) next)
    {
        _queue = next.Queue;
        if (next.Commit is { } block) _chain.Tell(new ChainStoreProtocol.CommitBlock(block));
        if (_queue.MissingFrom is { } missing && missing != _reportedGap)
        {
            _reportedGap = missing;
            ulong waiting = _queue.Waiting.Keys.First();
            _log.Info("Committed blocks {0}..{1} were not gossiped to this archive; waiting for block sync", missing, waiting - 1);
            Context.System.EventStream.Publish(new CommittedBlockFollowerProtocol.BlocksMissing(missing, waiting));
        }
    }
}
