using Akka.Actor;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Mempool;

/// <summary>Between the <see cref="MempoolRouter"/> and its <see cref="MempoolShard"/> children.</summary>
public static class MempoolShardProtocol
{
    /// <summary>From the router: admit a transaction that passed the front's rules and holds a reservation there; answered by <see cref="ShardAdmission"/>.</summary>
    /// <param name="Submitter">Who submitted it and waits for the outcome; null for a transaction gossiped by another node.</param>
    public sealed record AdmitToShard(Transaction Transaction, IActorRef? Submitter);

    /// <summary>To the router: the shard's verdict; on refusal the router gives the reservation back.</summary>
    public sealed record ShardAdmission(Transaction Transaction, AdmissionResult Result, IActorRef? Submitter);

    /// <summary>From the router assembling a block: this shard's pending transactions up to the cutoff, at most <paramref name="MaxTransactions"/>.</summary>
    public sealed record GetShardSlice(long Request, NanoMoment Cutoff, int MaxTransactions);

    public sealed record ShardSlice(long Request, int Shard, IReadOnlyList<Transaction> Transactions);

    /// <summary>From the router: a block was committed; the shard drops what it included and what its cutoff made stale.</summary>
    public sealed record SealBlock(Block Block);

    /// <summary>To the router: pending transactions this shard dropped (stale, excluded, expired), so reservations are released and submitters told.</summary>
    /// <param name="LatestSealedOutNanos">Of the transactions a block sealed out (Stale), the most any was late: the block's cutoff minus
    /// its signing time; 0 when none was sealed out.</param>
    public sealed record ShardDropped(IReadOnlyList<TransactionRejected> Dropped, long LatestSealedOutNanos = 0);
}
