using Roko.Actors.Ledger;

namespace Roko.Actors.Persistence;

public static class ChainStoreProtocol
{
    /// <summary>From the block producer (later consensus): validate and journal this block; the reply comes only after it is durable.</summary>
    public sealed record CommitBlock(Block Block);

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
