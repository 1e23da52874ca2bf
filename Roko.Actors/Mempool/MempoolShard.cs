using Akka.Actor;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Mempool.MempoolShardProtocol;

namespace Roko.Actors.Mempool;

/// <summary>
/// /user/node/mempool/shard-k: owns the <see cref="TemporalPool"/> of the transactions whose timestamp mod N is k.
/// Runs the shard-local admission rules — including the signature check, so N shards verify on N cores at once —,
/// hands its slice to block assembly, drops what a committed block sealed and what expired, and reports every
/// verdict and drop to its router, which holds the cross-shard reservations and answers submitters.
/// </summary>
public sealed class MempoolShard : ReceiveActor
{
    private readonly int _index;
    private readonly IClock _clock;
    private readonly TemporalPool _pool;
    private readonly Dictionary<Hash32, LedgerError> _exclusions = new();

    public static Props Props(int index, LedgerState tip, IClock clock, MempoolLimits limits, ISignatureVerifier signatures) =>
        Akka.Actor.Props.Create(() => new MempoolShard(index, tip, clock, limits, signatures)).WithMailbox(MempoolMailbox.Id);

    public MempoolShard(int index, LedgerState tip, IClock clock, MempoolLimits limits, ISignatureVerifier signatures)
    {
        _index = index;
        _clock = clock;
        _pool = new TemporalPool(limits, tip.LastCutoff, signatures);

        Receive<AdmitToShard>(cmd => Sender.Tell(new ShardAdmission(cmd.Transaction, _pool.Admit(cmd.Transaction, _clock.Now()), cmd.Submitter)));
        Receive<GetShardSlice>(q => Sender.Tell(new ShardSlice(q.Request, _index, _pool.Slice(q.Cutoff, q.MaxTransactions))));
        Receive<TransactionsExcluded>(e =>
        {
            foreach (var (tx, reason) in e.Excluded) _exclusions[tx.Id] = reason;
        });
        Receive<SealBlock>(seal => OnSealed(seal.Block));
        Receive<EvictExpired>(_ => Report(_pool.Evict(_clock.Now())
            .Select(tx => new TransactionRejected(tx.Id, AdmissionCode.Expired, "left the validity window before being included"))));
    }

    private void OnSealed(Block block)
    {
        var dropped = _pool.OnBlockCommitted(block);
        long latestSealedOut = 0;
        Report(dropped.Select(tx =>
        {
            if (_exclusions.TryGetValue(tx.Id, out var reason)) return new TransactionRejected(tx.Id, AdmissionCode.ExcludedFromBlock, reason.ToString());
            latestSealedOut = Math.Max(latestSealedOut, block.Header.Cutoff.UnixNanoseconds - tx.Timestamp.UnixNanoseconds);
            return new TransactionRejected(tx.Id, AdmissionCode.Stale, $"its time slice was sealed at cutoff {block.Header.Cutoff} without it");
        }).ToList(), latestSealedOut);
        _exclusions.Clear();
    }

    private void Report(IEnumerable<TransactionRejected> dropped, long latestSealedOutNanos = 0)
    {
        var list = dropped.ToList();
        if (list.Count > 0) Context.Parent.Tell(new ShardDropped(list, latestSealedOutNanos));
    }
}
