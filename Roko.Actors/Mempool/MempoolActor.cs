using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using System.Diagnostics;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using Roko.Actors.Persistence;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Mempool;

/// <summary>
/// Holds the node's <see cref="TemporalPool"/>: admits submissions against the ledger tip and the node clock,
/// hands slices to the block producer, and follows committed blocks. Every submitter learns the outcome.
/// </summary>
public sealed class MempoolActor : ReceiveActor, IWithTimers
{
    private readonly IClock _clock;
    private readonly MempoolSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LedgerState _ledger;
    private readonly TemporalPool _pool;
    private readonly Dictionary<Hash32, LedgerError> _exclusions = new();
    private readonly RokoMetrics _metrics;
    // When each pending transaction was admitted (Stopwatch ticks), for the admission-to-commit finality metric.
    private readonly Dictionary<Hash32, long> _admittedAt = new();

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly IActorRef? _propagator;

    /// <param name="propagator">Gossips admitted transactions to other nodes and delivers theirs; null on a node without an overlay.</param>
    public static Props Props(LedgerState tip, IClock clock, MempoolSettings settings, RokoMetrics metrics, IActorRef? propagator) =>
        Akka.Actor.Props.Create(() => new MempoolActor(tip, clock, settings, metrics, propagator));

    public MempoolActor(LedgerState tip, IClock clock, MempoolSettings settings, RokoMetrics metrics, IActorRef? propagator)
    {
        _metrics = metrics;
        _propagator = propagator;
        _clock = clock;
        _settings = settings;
        _ledger = tip;
        _pool = new TemporalPool(settings.Limits, tip.LastCutoff);

        Receive<SubmitTransaction>(cmd => Submit(cmd.Transaction));
        Receive<BlockPropagatorProtocol.Delivered>(OnGossiped);
        Receive<GetSlice>(q => Sender.Tell(new CurrentSlice(q.Cutoff, _pool.Slice(q.Cutoff))));
        Receive<ChainStoreProtocol.BlockCommitted>(e => OnCommitted(e));
        Receive<TransactionsExcluded>(e =>
        {
            foreach (var (tx, reason) in e.Excluded) _exclusions[tx.Id] = reason;
        });
        Receive<EvictExpired>(_ => Publish(_pool.Evict(_clock.Now()).Select(tx =>
        {
            _admittedAt.Remove(tx.Id);
            return new TransactionRejected(tx.Id, AdmissionCode.Expired, "left the validity window before being included");
        })));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        Timers.StartPeriodicTimer("evict", EvictExpired.Instance, _settings.EvictInterval);
        _propagator?.Tell(new BlockPropagatorProtocol.Subscribe(MessageKind.Transaction, Self));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Submit(Transaction tx)
    {
        var result = _pool.Admit(tx, _clock.Now(), _ledger);
        _metrics.RecordAdmission(result);
        if (result.IsAccepted)
        {
            _admittedAt[tx.Id] = Stopwatch.GetTimestamp();
            Sender.Tell(new TransactionAccepted(tx.Id));
            _propagator?.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Transaction, tx.Encode()));
            return;
        }
        if (_log.IsDebugEnabled) _log.Debug("Refused transaction {0}: {1}", tx.Id.Short, result);
        Sender.Tell(new TransactionRejected(tx.Id, result.Code, result.Reason));
    }

    /// <summary>A transaction another node admitted: admit it here too, so whichever validator proposes has it.</summary>
    private void OnGossiped(BlockPropagatorProtocol.Delivered delivered)
    {
        if (delivered.From is null) return; // ours, already admitted
        Transaction tx;
        try
        {
            tx = Transaction.Decode(delivered.Payload);
        }
        catch (CanonicalDecodingException e)
        {
            _log.Warning("Undecodable gossiped transaction from {0}: {1}", delivered.From, e.Message);
            return;
        }
        var result = _pool.Admit(tx, _clock.Now(), _ledger);
        _metrics.RecordAdmission(result);
        if (result.IsAccepted) _admittedAt[tx.Id] = Stopwatch.GetTimestamp();
        else if (_log.IsDebugEnabled) _log.Debug("Refused gossiped transaction {0}: {1}", tx.Id.Short, result);
    }

    private void OnCommitted(ChainStoreProtocol.BlockCommitted committed)
    {
        if (committed.State.Height <= _ledger.Height) return;
        _ledger = committed.State;
        foreach (var tx in committed.Block.Transactions)
            if (_admittedAt.Remove(tx.Id, out var admitted)) _metrics.RecordFinality(Stopwatch.GetElapsedTime(admitted));
        var dropped = _pool.OnBlockCommitted(committed.Block);
        foreach (var tx in dropped) _admittedAt.Remove(tx.Id);
        Publish(dropped.Select(tx => _exclusions.TryGetValue(tx.Id, out var reason)
            ? new TransactionRejected(tx.Id, AdmissionCode.ExcludedFromBlock, reason.ToString())
            : new TransactionRejected(tx.Id, AdmissionCode.Stale, $"its time slice was sealed at cutoff {committed.Block.Header.Cutoff} without it")));
        _exclusions.Clear();
    }

    private void Publish(IEnumerable<TransactionRejected> rejected)
    {
        var list = rejected.ToList();
        if (list.Count == 0) return;
        _log.Info("Dropped {0} pending transaction(s); first: {1} {2}", list.Count, list[0].Code, list[0].Reason);
        Context.System.EventStream.Publish(new TransactionsDropped(list));
    }
}
