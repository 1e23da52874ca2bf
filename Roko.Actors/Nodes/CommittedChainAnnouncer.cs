using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Ledger;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;

namespace Roko.Actors.Nodes;

/// <summary>
/// /user/node/announcer: tells the overlay what the committed chain means for it. The PeerManager gets the validator roster
/// of the next block whenever the validator set changes (its sessions judge validator claims against it; the network core
/// knows nothing of ledgers, so the translation lives here), and on a validator every committed block goes out again with
/// its certificate, so archives, which do not vote, follow the chain. A restart starts again from the chain store's tip:
/// the roster is told again (the PeerManager keeps the newest), no block is lost to the archives (they sync gaps).
/// </summary>
public sealed class CommittedChainAnnouncer : ReceiveActor
{
    public const string Name = "announcer";

    private readonly IActorRef _peers;
    private Hash32? _validators;

    /// <param name="tip">The chain store's tip when the node started: its roster is told at once.</param>
    /// <param name="propagator">Where committed blocks are announced (validators), or null (other roles).</param>
    public CommittedChainAnnouncer(LedgerState tip, IActorRef peers, IActorRef? propagator)
    {
        _peers = peers;
        TellRoster(tip);
        Receive<ChainStoreProtocol.BlockCommitted>(e =>
        {
            TellRoster(e.State);
            propagator?.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Block, e.Block.Encode()));
        });
    }

    public static Props Props(LedgerState tip, IActorRef peers, IActorRef? propagator) =>
        Akka.Actor.Props.Create(() => new CommittedChainAnnouncer(tip, peers, propagator));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>The roster of the block after <paramref name="state"/>, told only when the validator set changed.</summary>
    private void TellRoster(LedgerState state)
    {
        if (_validators == state.Validators.Hash) return;
        _validators = state.Validators.Hash;
        var keys = state.Validators.Validators.Select(v => v.Key).ToImmutableHashSet();
        _peers.Tell(new PeerManagerProtocol.ValidatorRosterChanged(new ValidatorRoster(state.Height + 1, keys)));
    }
}
