using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

public static class MempoolProtocol
{
    /// <summary>From a submitter (devnet load, API later): admit this transaction; answered by <see cref="TransactionAccepted"/> or <see cref="TransactionRejected"/>.</summary>
    public sealed record SubmitTransaction(Transaction Transaction);

    public sealed record TransactionAccepted(Hash32 Id);

    /// <summary>The transaction was refused at admission, or dropped later (expired, excluded from a block); nothing of it remains.</summary>
    public sealed record TransactionRejected(Hash32 Id, AdmissionCode Code, string Reason);

    /// <summary>From the block producer: the pending transactions up to <paramref name="Cutoff"/>; answered by <see cref="CurrentSlice"/>.</summary>
    public sealed record GetSlice(NanoMoment Cutoff);

    public sealed record CurrentSlice(NanoMoment Cutoff, IReadOnlyList<Transaction> Transactions);

    /// <summary>From the block producer before it commits a block: why these candidates were left out of it.</summary>
    public sealed record TransactionsExcluded(IReadOnlyList<(Transaction Transaction, LedgerError Reason)> Excluded);

    /// <summary>Published on the event stream whenever pending transactions are dropped, so submitters learn why.</summary>
    public sealed record TransactionsDropped(IReadOnlyList<TransactionRejected> Dropped);

    /// <summary>Timer tick: evict expired transactions.</summary>
    public sealed record EvictExpired
    {
        public static EvictExpired Instance { get; } = new();
    }
}
