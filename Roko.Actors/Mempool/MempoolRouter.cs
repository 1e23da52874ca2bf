using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Mempool.MempoolShardProtocol;

namespace Roko.Actors.Mempool;

/// <summary>
/// /user/node/mempool: the front of the sharded pool. Runs the rules that span shards (<see cref="MempoolFront"/>:
/// chain, clock, window, limits, balance against the reservations of all shards), hands each transaction to the
/// <see cref="MempoolShard"/> of its timestamp mod N (which verifies its signature — shards run concurrently), and
/// answers the submitter once the shard has judged it. Block assembly asks it for a slice: it gathers every shard's
/// slice and k-way merges them (<see cref="SliceMerge"/>). Follows committed blocks and tells submitters about drops.
/// A transaction submitted here is propagated to the nodes that need it (<see cref="TransactionRecipients"/>: the
/// validators, or only the next proposers); the propagation strategy decides how.
/// </summary>
public sealed class MempoolRouter : ReceiveActor, IWithTimers
{
    private sealed class Gathering(IActorRef replyTo, NanoMoment cutoff, int shards)
    {
        public IActorRef ReplyTo { get; } = replyTo;
        public NanoMoment Cutoff { get; } = cutoff;
        public IReadOnlyList<Transaction>[] Slices { get; } = new IReadOnlyList<Transaction>[shards];
        public int Missing { get; set; } = shards;
    }

    private readonly IClock _clock;
    private readonly MempoolSettings _settings;
    private readonly RokoMetrics _metrics;
    private readonly IActorRef? _propagator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly MempoolFront _front;
    private readonly IActorRef[] _shards;
    private readonly Dictionary<long, Gathering> _gathering = new();
    private long _nextRequest;
    private (ulong Height, ImmutableArray<Crypto.PublicKey> Keys)? _recipients;
    // When each pending transaction was admitted (Stopwatch ticks), for the admission-to-commit finality metric.
    private readonly Dictionary<Hash32, long> _admittedAt = new();

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="signatures">The node's verified-signature cache: shards fill it, block validation and the chain store read it.</param>
    /// <param name="propagator">Gossips admitted transactions to other nodes and delivers theirs; null on a node without an overlay.</param>
    public static Props Props(LedgerState tip, IClock clock, MempoolSettings settings, RokoMetrics metrics, IActorRef? propagator,
        ISignatureVerifier signatures) =>
        Akka.Actor.Props.Create(() => new MempoolRouter(tip, clock, settings, metrics, propagator, signatures));

    public MempoolRouter(LedgerState tip, IClock clock, MempoolSettings settings, RokoMetrics metrics, IActorRef? propagator,
        ISignatureVerifier signatures)
    {
        _clock = clock;
        _settings = settings;
        _metrics = metrics;
        _propagator = propagator;
        _front = new MempoolFront(settings.Limits, tip);
        _shards = Enumerable.Range(0, settings.Shards)
            .Select(k => Context.ActorOf(MempoolShard.Props(k, tip, clock, settings.Limits, signatures), $"shard-{k}"))
            .ToArray();

        Receive<SubmitTransaction>(cmd => Admit(cmd.Transaction, Sender));
        Receive<BlockPropagatorProtocol.Delivered>(OnGossiped);
        Receive<ShardAdmission>(OnShardAdmission);
        Receive<GetSlice>(StartGathering);
        Receive<ShardSlice>(OnShardSlice);
        Receive<ChainStoreProtocol.BlockCommitted>(OnCommitted);
        Receive<TransactionsExcluded>(e =>
        {
            foreach (var byShard in e.Excluded.GroupBy(x => ShardOf(x.Transaction)))
                _shards[byShard.Key].Tell(new TransactionsExcluded(byShard.ToList()));
        });
        Receive<ShardDropped>(OnDropped);
        Receive<EvictExpired>(tick =>
        {
            foreach (var shard in _shards) shard.Tell(tick);
        });
        Receive<GetMempoolStatus>(_ => Sender.Tell(new CurrentMempoolStatus(_front.Ledger.Height, _front.Reserved, _shards.Length)));
    }

    // A shard failing is a bug; restarting the whole pool (front and shards together) keeps reservations consistent.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(localOnlyDecider: _ => Directive.Escalate);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        Timers.StartPeriodicTimer("evict", EvictExpired.Instance, _settings.EvictInterval);
        _propagator?.Tell(new BlockPropagatorProtocol.Subscribe(MessageKind.Transaction, Self));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private int ShardOf(Transaction tx) => ShardRouting.ShardOf(tx.Timestamp, _shards.Length);

    private void Admit(Transaction tx, IActorRef? submitter)
    {
        var result = _front.Reserve(tx, _clock.Now());
        if (result.IsAccepted)
        {
            _shards[ShardOf(tx)].Tell(new AdmitToShard(tx, submitter));
            return;
        }
        Conclude(tx, result, submitter);
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
            _metrics.RecordAdmission(new AdmissionResult(AdmissionCode.Malformed, e.Message));
            _log.Warning("Undecodable gossiped transaction from {0}: {1}", delivered.From, e.Message);
            return;
        }
        Admit(tx, submitter: null);
    }

    private void OnShardAdmission(ShardAdmission verdict)
    {
        if (!verdict.Result.IsAccepted) _front.Release(verdict.Transaction.Id);
        Conclude(verdict.Transaction, verdict.Result, verdict.Submitter);
    }

    /// <summary>Every admission ends here, once: metrics, the submitter's answer, and gossip for local ones.</summary>
    private void Conclude(Transaction tx, AdmissionResult result, IActorRef? submitter)
    {
        _metrics.RecordAdmission(result);
        if (result.IsAccepted)
        {
            _admittedAt[tx.Id] = Stopwatch.GetTimestamp();
            if (submitter is null) return;
            submitter.Tell(new TransactionAccepted(tx.Id));
            _propagator?.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Transaction, tx.Encode(), Destinations: Recipients()));
            return;
        }
        if (_log.IsDebugEnabled) _log.Debug("Refused transaction {0}: {1}", tx.Id.Short, result);
        submitter?.Tell(new TransactionRejected(tx.Id, result.Code, result.Reason));
    }

    /// <summary>The recipients of a transaction submitted now, as of our ledger tip; null (everyone) when there are none.</summary>
    private ImmutableArray<Crypto.PublicKey>? Recipients()
    {
        var tip = _front.Ledger;
        if (_recipients is not { } cached || cached.Height != tip.Height)
            _recipients = cached = (tip.Height, TransactionRecipients.Of(tip, _settings.ForwardTo, _settings.ForwardHeights, _settings.ForwardRounds));
        return cached.Keys.IsEmpty ? null : cached.Keys;
    }

    private void StartGathering(GetSlice query)
    {
        long request = ++_nextRequest;
        _gathering[request] = new Gathering(Sender, query.Cutoff, _shards.Length);
        int max = _front.Ledger.Parameters.MaxTransactionsPerBlock;
        foreach (var shard in _shards) shard.Tell(new GetShardSlice(request, query.Cutoff, max));
    }

    private void OnShardSlice(ShardSlice slice)
    {
        if (!_gathering.TryGetValue(slice.Request, out var gathering)) return;
        gathering.Slices[slice.Shard] = slice.Transactions;
        if (--gathering.Missing > 0) return;
        _gathering.Remove(slice.Request);
        var parameters = _front.Ledger.Parameters;
        var merged = SliceMerge.Merge(gathering.Slices, _front.Ledger.LastCutoff, gathering.Cutoff,
            parameters.MaxTransactionsPerBlock, parameters.MaxBlockBytes);
        gathering.ReplyTo.Tell(new CurrentSlice(merged.Cutoff, merged.Transactions));
    }

    private void OnCommitted(ChainStoreProtocol.BlockCommitted committed)
    {
        if (committed.State.Height <= _front.Ledger.Height) return;
        _front.OnBlockCommitted(committed.Block, committed.State);
        foreach (var tx in committed.Block.Transactions)
            if (_admittedAt.Remove(tx.Id, out var admitted)) _metrics.RecordFinality(Stopwatch.GetElapsedTime(admitted));
        foreach (var shard in _shards) shard.Tell(new SealBlock(committed.Block));
    }

    private void OnDropped(ShardDropped dropped)
    {
        foreach (var rejected in dropped.Dropped)
        {
            _front.Release(rejected.Id);
            _admittedAt.Remove(rejected.Id);
        }
        var list = dropped.Dropped;
        _log.Info("Dropped {0} pending transaction(s); first: {1} {2}", list.Count, list[0].Code, list[0].Reason);
        Context.System.EventStream.Publish(new TransactionsDropped(list));
    }
}
