using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

public static class MempoolProtocol
{
    /// <summary>From a submitter (devnet load, API later): admit this transaction; answered by <see cref="TransactionAccepted"/> or <see cref="TransactionRejected"/>.</summary>
    public sealed record SubmitTransaction(Transaction Transaction);

    public sealed record TransactionAccepted(Hash32 Id);

    /// <summary>
    /// The transaction was refused at admission, or dropped later (expired, excluded from a block); nothing of it remains.
    /// <paramref name="RetryAfter"/>: for a refusal that passes (<see cref="AdmissionCode.Busy"/>), how long to wait before submitting again.
    /// </summary>
    public sealed record TransactionRejected(Hash32 Id, AdmissionCode Code, string Reason, TimeSpan? RetryAfter = null);

    /// <summary>From the block producer: the pending transactions up to <paramref name="Cutoff"/>, merged from all shards within the block's
    /// limits and at most <paramref name="MaxTransactions"/> (the proposer's own cap, below the chain's); answered by
    /// <see cref="CurrentSlice"/>, whose cutoff is pulled back when the limits cut the slice short.</summary>
    public sealed record GetSlice(NanoMoment Cutoff, int MaxTransactions = int.MaxValue);

    public sealed record CurrentSlice(NanoMoment Cutoff, IReadOnlyList<Transaction> Transactions);

    /// <summary>From the block producer before it commits a block: why these candidates were left out of it.</summary>
    public sealed record TransactionsExcluded(IReadOnlyList<(Transaction Transaction, LedgerError Reason)> Excluded);

    /// <summary>Published on the event stream whenever pending transactions are dropped, so submitters learn why.</summary>
    public sealed record TransactionsDropped(IReadOnlyList<TransactionRejected> Dropped);

    /// <summary>From tests and benchmarks: the pool's view; answered by <see cref="CurrentMempoolStatus"/>.</summary>
    public sealed record GetMempoolStatus
    {
        public static GetMempoolStatus Instance { get; } = new();
    }

    /// <param name="Height">The ledger height admission is judged against (the last block the pool has followed).</param>
    /// <param name="Pending">Transactions holding a reservation: pending in a shard or on their way to one.</param>
    public sealed record CurrentMempoolStatus(ulong Height, int Pending, int Shards);

    /// <summary>Timer tick: evict expired transactions.</summary>
    public sealed record EvictExpired
    {
        public static EvictExpired Instance { get; } = new();
    }

    /// <summary>Timer tick: gossip the transactions admitted since the last batch (<see cref="MempoolSettings.GossipBatchWindow"/>).</summary>
    public sealed record FlushGossip
    {
        public static FlushGossip Instance { get; } = new();
    }
}
