using Roko.Actors.Ledger;

namespace Roko.Actors.Persistence;

public static class ChainStoreProtocol
{
    /// <summary>
    /// From consensus, block sync or an archive's follower: validate and journal this block; the reply comes only after it
    /// is durable. <paramref name="Validated"/> is the state the sender's own validation of the block's content computed on
    /// this node (a consensus round's, before it voted); when it follows the store's tip, only the commit certificate is
    /// checked again (<see cref="LedgerTransition.ApplyValidated"/>), so a block is validated once per node.
    /// </summary>
    public sealed record CommitBlock(Block Block, LedgerState? Validated = null);

    /// <summary>Reply to <see cref="CommitBlock"/> and event-stream notice: the block is journaled and final.</summary>
    public sealed record BlockCommitted(Block Block, LedgerState State);

    /// <summary>Reply to <see cref="CommitBlock"/>: the block breaks a ledger rule and was not stored.</summary>
    public sealed record BlockRefused(ulong Height, LedgerError Reason);

    /// <summary>Asks for the chain tip; answered by <see cref="CurrentChainTip"/>.</summary>
    public sealed record GetChainTip
    {
        public static GetChainTip Instance { get; } = new();
    }

    public sealed record CurrentChainTip(LedgerState State);

    /// <summary>Asks for a recent block by height; answered by <see cref="CurrentBlock"/> (null when not held in memory).</summary>
    public sealed record GetBlock(ulong Height);

    public sealed record CurrentBlock(ulong Height, Block? Block);
}
