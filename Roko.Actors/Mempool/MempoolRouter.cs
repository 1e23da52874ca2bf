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
/// It starts — and after a restart starts again — from the chain store's current tip, holding every message back until
/// the store has answered. A restart loses the pending transactions (they live in the shards): the failed incarnation
/// reports each one dropped with <see cref="AdmissionCode.MempoolRestarted"/> and answers submitters still waiting.
/// A transaction submitted here is propagated to the nodes that need it (<see cref="TransactionRecipients"/>: the
/// validators, or only the next proposers); the propagation strategy decides how. Transactions admitted within a few
/// milliseconds of each other go out together (<see cref="TransactionBatch"/>), one envelope for all of them.
/// </summary>
public sealed class MempoolRouter : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private sealed class Gathering(IActorRef replyTo, NanoMoment cutoff, int maxTransactions, int shards)
    {
        public IActorRef ReplyTo { get; } = replyTo;
        public NanoMoment Cutoff { get; } = cutoff;
        public int MaxTransactions { get; } = maxTransactions;
        public IReadOnlyList<Transaction>[] Slices { get; } = new IReadOnlyList<Transaction>[shards];
        public int Missing { get; set; } = shards;
    }

    private readonly IActorRef _chain;
    private readonly IClock _clock;
    private readonly MempoolSettings _settings;
    private readonly RokoMetrics _metrics;
    private readonly IActorRef? _propagator;
    private readonly ISignatureVerifier _signatures;
    private readonly TimeSpan _inclusionDelay;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private MempoolFront? _front;
    private IActorRef[] _shards = [];
    private readonly Dictionary<long, Gathering> _gathering = new();
    // Submitters waiting for the verdict of a shard, by transaction: answered by the failed incarnation if the pool restarts.
    private readonly Dictionary<Hash32, IActorRef> _awaitingShard = new();
    // Every transaction (submitted or gossiped) sent to a shard whose verdict has not come back: a slice stops short of them.
    private readonly AdmissionsInFlight _inFlight = new();
    // How late the network delivers transactions here: a proposer's slice stops earlier by it.
    private readonly LateArrivals _late;
    private long _allowanceLogged;
    // The transactions of the last few committed blocks: a peer's copy of one arriving after its block committed here is
    // Stale too, but it was not late for its block, so it does not count as a late arrival.
    private readonly Queue<Hash32[]> _recentBlocks = new();
    private readonly HashSet<Hash32> _recentlyCommitted = [];
    /// <summary>Blocks whose transactions are remembered for that: a forwarded copy arrives within a few blocks of its commit.</summary>
    private const int RecentBlocksRemembered = 16;
    private long _nextRequest;
    private (ulong Height, ImmutableArray<Crypto.PublicKey> Keys)? _recipients;
    // The admission probe's latest verdict: while busy, clients' new transactions are refused at the door (gossip is still taken).
    private AdmissionProbeProtocol.AdmissionLoadChanged? _busy;
    // Clients' transactions admitted since the last gossip batch went out (roko.mempool.gossip-batch).
    private readonly List<Transaction> _toGossip = [];
    // When each pending transaction was admitted (Stopwatch ticks), for the admission-to-commit finality metric.
    private readonly Dictionary<Hash32, long> _admittedAt = new();

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    private MempoolFront Front => _front!;

    /// <param name="chain">The chain store: asked for the tip to start from (<see cref="ChainStoreProtocol.GetChainTip"/>).</param>
    /// <param name="signatures">The node's verified-signature cache: shards fill it, block validation and the chain store read it.</param>
    /// <param name="propagator">Gossips admitted transactions to other nodes and delivers theirs; null on a node without an overlay.</param>
    /// <remarks>Router and shards run on <see cref="MempoolMailbox"/>, which the actor system's config must declare (hocon/roko.conf does).</remarks>
    /// <param name="inclusionDelay">roko.consensus.inclusion-delay: admission judges how far behind it taken transactions are.</param>
    public static Props Props(IActorRef chain, IClock clock, MempoolSettings settings, RokoMetrics metrics, IActorRef? propagator,
        ISignatureVerifier signatures, TimeSpan inclusionDelay) =>
        Akka.Actor.Props.Create(() => new MempoolRouter(chain, clock, settings, metrics, propagator, signatures, inclusionDelay)).WithMailbox(MempoolMailbox.Id);

    public MempoolRouter(IActorRef chain, IClock clock, MempoolSettings settings, RokoMetrics metrics, IActorRef? propagator,
        ISignatureVerifier signatures, TimeSpan inclusionDelay)
    {
        _inclusionDelay = inclusionDelay;
        _chain = chain;
        _clock = clock;
        _settings = settings;
        _metrics = metrics;
        _propagator = propagator;
        _signatures = signatures;
        _late = settings.LateArrivals.NewTracker();
        AwaitingTip();
    }

    /// <summary>Until the chain store says where the chain is, every message waits (blocks committed meanwhile included).</summary>
    private void AwaitingTip()
    {
        Receive<ChainStoreProtocol.CurrentChainTip>(tip =>
        {
            Start(tip.State);
            Become(Running);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Start(LedgerState tip)
    {
        _front = new MempoolFront(_settings.Limits, tip);
        _shards = Enumerable.Range(0, _settings.Shards)
            .Select(k => Context.ActorOf(MempoolShard.Props(k, tip, _clock, _settings.Limits, _signatures), $"shard-{k}"))
            .ToArray();
        Context.ActorOf(AdmissionProbe.Props(_settings.Admission, _metrics), "admission-probe");
        _log.Info("Mempool started at height {0} with {1} shard(s)", tip.Height, _shards.Length);
    }

    private void Running()
    {
        Receive<SubmitTransaction>(cmd =>
        {
            // Refused before any work: a busy node must shed load at the door, not verify what it cannot include in time.
            bool loaded = Front.Reserved >= _settings.Admission.MinPending; // below it, refusing a trickle would relieve nothing
            if (loaded && _busy is { Busy: true } busy)
                Conclude(cmd.Transaction, new AdmissionResult(AdmissionCode.Busy, busy.Refusal), Sender, busy.RetryAfter);
            else if (loaded && AdmissionBacklog.Refusal(_settings.Admission, _clock.Estimate(), _inFlight.Earliest, Front.Ledger, _inclusionDelay) is { } backlog)
                Conclude(cmd.Transaction, new AdmissionResult(AdmissionCode.Busy, backlog), Sender, _settings.Admission.RetryAfter);
            else Admit(cmd.Transaction, Sender);
        });
        Receive<AdmissionProbeProtocol.AdmissionLoadChanged>(load => _busy = load);
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
        Receive<GetMempoolStatus>(_ => Sender.Tell(new CurrentMempoolStatus(Front.Ledger.Height, Front.Reserved, _shards.Length)));
        Receive<FlushGossip>(_ => SendGossip());
    }

    // A shard failing is a bug, whatever it failed of: escalated, so the guardian restarts the whole pool (front and shards
    // together), which keeps reservations consistent; a shard is never restarted, resumed or stopped alone.
    private static readonly IDecider ShardFailures = Decider.From(Directive.Escalate,
        Directive.Escalate.When<ActorInitializationException>(),
        Directive.Escalate.When<ActorKilledException>(),
        Directive.Escalate.When<Exception>());

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(ShardFailures);

    protected override void PreStart()
    {
        // Subscribed before asking: a block committed after the store answers arrives as an event, none falls in between.
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
        Timers.StartPeriodicTimer("evict", EvictExpired.Instance, _settings.EvictInterval);
        _propagator?.Tell(new BlockPropagatorProtocol.Subscribe(MessageKind.Transaction, Self));
    }

    protected override void PostStop()
    {
        SendGossip(); // acknowledged to their clients: whoever proposes next should still get them
        Context.System.EventStream.Unsubscribe(Self);
    }

    /// <summary>
    /// The pending transactions live in the shards, which stop with this incarnation: every one is reported dropped (the
    /// status tracker and submitters learn why), and submitters still waiting for a shard's verdict are answered.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        ReportLost(reason);
        base.PreRestart(reason, message);
    }

    private void ReportLost(Exception reason)
    {
        if (_front is null) return; // never started: nothing was admitted
        string why = $"the mempool failed ({reason.GetType().Name}: {reason.Message}) and restarted, losing this node's pending " +
                     "transactions; a validator that holds it may still include it (its status then turns finalized), otherwise submit it again";
        foreach (var (id, submitter) in _awaitingShard) submitter.Tell(new TransactionRejected(id, AdmissionCode.MempoolRestarted, why));
        var lost = _front.ReservedIds.Select(id => new TransactionRejected(id, AdmissionCode.MempoolRestarted, why)).ToList();
        _log.Warning("Mempool restarting after {0}: {1} pending transaction(s) lost and reported", reason.GetType().Name, lost.Count);
        if (lost.Count > 0) Context.System.EventStream.Publish(new TransactionsDropped(lost));
    }

    private int ShardOf(Transaction tx) => ShardRouting.ShardOf(tx.Timestamp, _shards.Length);

    private void Admit(Transaction tx, IActorRef? submitter)
    {
        var result = Front.Reserve(tx, _clock.Now());
        if (result.IsAccepted)
        {
            if (submitter is not null) _awaitingShard[tx.Id] = submitter;
            _inFlight.Add(tx.Id, tx.Timestamp);
            _shards[ShardOf(tx)].Tell(new AdmitToShard(tx, submitter));
            return;
        }
        Conclude(tx, result, submitter);
    }

    /// <summary>Transactions another node admitted (one, or a batch): admit them here too, so whichever validator proposes has it.</summary>
    private void OnGossiped(BlockPropagatorProtocol.Delivered delivered)
    {
        if (delivered.From is null) return; // ours, already admitted
        ImmutableArray<Transaction> txs;
        try
        {
            txs = TransactionBatch.Decode(delivered.Payload);
        }
        catch (CanonicalDecodingException e)
        {
            _metrics.RecordAdmission(new AdmissionResult(AdmissionCode.Malformed, e.Message));
            _log.Warning("Undecodable gossiped transaction(s) from {0}: {1}", delivered.From, e.Message);
            return;
        }
        foreach (var tx in txs) Admit(tx, submitter: null);
    }

    private void OnShardAdmission(ShardAdmission verdict)
    {
        _awaitingShard.Remove(verdict.Transaction.Id);
        _inFlight.Remove(verdict.Transaction.Id);
        if (!verdict.Result.IsAccepted) Front.Release(verdict.Transaction.Id);
        Conclude(verdict.Transaction, verdict.Result, verdict.Submitter);
    }

    /// <summary>Every admission ends here, once: metrics, the submitter's answer, and gossip for local ones.</summary>
    private void Conclude(Transaction tx, AdmissionResult result, IActorRef? submitter, TimeSpan? retryAfter = null)
    {
        _metrics.RecordAdmission(result);
        if (result.IsAccepted)
        {
            _admittedAt[tx.Id] = Stopwatch.GetTimestamp();
            if (submitter is null) return;
            submitter.Tell(new TransactionAccepted(tx.Id));
            QueueForGossip(tx);
            return;
        }
        // A peer's transaction that came after its slice was sealed without it: the network delivered it late (a client's
        // does not count, nor a copy of one already committed).
        if (submitter is null && result.Code == AdmissionCode.Stale && !_recentlyCommitted.Contains(tx.Id))
            _late.Observe(MonotonicNanos(), Front.Ledger.LastCutoff.UnixNanoseconds - tx.Timestamp.UnixNanoseconds);
        if (_log.IsDebugEnabled) _log.Debug("Refused transaction {0}: {1}", tx.Id.Short, result);
        submitter?.Tell(new TransactionRejected(tx.Id, result.Code, result.Reason, retryAfter));
    }

    /// <summary>
    /// A client's transaction joins the next gossip batch, which goes out <see cref="MempoolSettings.GossipBatchWindow"/>
    /// after its first transaction or as soon as it is full: one envelope for many transactions.
    /// </summary>
    private void QueueForGossip(Transaction tx)
    {
        if (_propagator is null) return;
        _toGossip.Add(tx);
        if (_toGossip.Count >= _settings.GossipBatchMax || _settings.GossipBatchWindow <= TimeSpan.Zero) SendGossip();
        else if (!Timers.IsTimerActive(nameof(FlushGossip))) Timers.StartSingleTimer(nameof(FlushGossip), FlushGossip.Instance, _settings.GossipBatchWindow);
    }

    private void SendGossip()
    {
        Timers.Cancel(nameof(FlushGossip));
        if (_toGossip.Count == 0 || _propagator is null || _front is null) return;
        _propagator.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Transaction, TransactionBatch.Encode(_toGossip), Destinations: Recipients()));
        _toGossip.Clear();
    }

    /// <summary>The recipients of a transaction submitted now, as of our ledger tip; null (everyone) when there are none.</summary>
    private ImmutableArray<Crypto.PublicKey>? Recipients()
    {
        var tip = Front.Ledger;
        if (_recipients is not { } cached || cached.Height != tip.Height)
            _recipients = cached = (tip.Height, TransactionRecipients.Of(tip, _settings.ForwardTo, _settings.ForwardHeights, _settings.ForwardRounds));
        return cached.Keys.IsEmpty ? null : cached.Keys;
    }

    private void StartGathering(GetSlice query)
    {
        long request = ++_nextRequest;
        // At least one: a request asking for none must not fail the pool (and lose what it holds); the setting is >= 1 anyway.
        int max = Math.Max(1, Math.Min(query.MaxTransactions, Front.Ledger.Parameters.MaxTransactionsPerBlock));
        // The slice request overtakes queued admissions (block work first in the shards' mailboxes); it stops just before
        // the earliest transaction still being verified, which goes into a later block instead of being sealed out.
        var cutoff = _inFlight.SliceCutoff(PulledBackForLateArrivals(query.Cutoff), Front.Ledger.LastCutoff);
        _gathering[request] = new Gathering(Sender, cutoff, max, _shards.Length);
        // One more than fits from each shard: a shard holding more than the block takes must show it, or the merge would
        // keep the full cutoff and seal that shard's remaining transactions out of every block (Stale).
        foreach (var shard in _shards) shard.Tell(new GetShardSlice(request, cutoff, max + 1));
    }

    /// <summary>
    /// The cutoff asked for, earlier by the allowance for transactions the network has lately delivered after their slice
    /// was sealed (<see cref="LateArrivals"/>); never to or below the tip's cutoff (the block's slice would be empty then anyway).
    /// </summary>
    private NanoMoment PulledBackForLateArrivals(NanoMoment cutoff)
    {
        long allowance = _late.AllowanceNanos(MonotonicNanos());
        if (allowance != _allowanceLogged)
        {
            if (allowance > 0)
                _log.Info("Transactions reached this node up to {0:F0} ms after their time slice was sealed: its proposals stop their slice {1:F0} ms earlier (roko.mempool.late-arrivals)",
                    Nanoseconds.ToMilliseconds(_late.LatestNanos(MonotonicNanos())), Nanoseconds.ToMilliseconds(allowance));
            else
                _log.Info("No transaction reached this node late for {0}: its proposals' slices end at inclusion-delay again", _settings.LateArrivals.Window);
            _allowanceLogged = allowance;
        }
        if (allowance == 0) return cutoff;
        var earlier = cutoff.AddSaturating(-allowance);
        var last = Front.Ledger.LastCutoff;
        return earlier > last ? earlier : last.AddNanoseconds(1);
    }

    private static long MonotonicNanos() => Nanoseconds.FromTimeSpan(Stopwatch.GetElapsedTime(0));

    private void OnShardSlice(ShardSlice slice)
    {
        if (!_gathering.TryGetValue(slice.Request, out var gathering)) return;
        gathering.Slices[slice.Shard] = slice.Transactions;
        if (--gathering.Missing > 0) return;
        _gathering.Remove(slice.Request);
        var parameters = Front.Ledger.Parameters;
        var merged = SliceMerge.Merge(gathering.Slices, Front.Ledger.LastCutoff, gathering.Cutoff,
            gathering.MaxTransactions, parameters.MaxBlockBytes);
        gathering.ReplyTo.Tell(new CurrentSlice(merged.Cutoff, merged.Transactions));
    }

    private void OnCommitted(ChainStoreProtocol.BlockCommitted committed)
    {
        if (committed.State.Height <= Front.Ledger.Height) return;
        // A waiting batch goes to the recipients as of the tip its transactions were accepted at, not the next one's.
        SendGossip();
        Front.OnBlockCommitted(committed.Block, committed.State);
        foreach (var tx in committed.Block.Transactions)
            if (_admittedAt.Remove(tx.Id, out var admitted)) _metrics.RecordFinality(Stopwatch.GetElapsedTime(admitted));
        foreach (var shard in _shards) shard.Tell(new SealBlock(committed.Block));
        RememberCommitted(committed.Block);
    }

    private void RememberCommitted(Block block)
    {
        var ids = block.Transactions.Select(tx => tx.Id).ToArray();
        _recentBlocks.Enqueue(ids);
        _recentlyCommitted.UnionWith(ids);
        if (_recentBlocks.Count > RecentBlocksRemembered) _recentlyCommitted.ExceptWith(_recentBlocks.Dequeue());
    }

    private void OnDropped(ShardDropped dropped)
    {
        _late.Observe(MonotonicNanos(), dropped.LatestSealedOutNanos);
        foreach (var rejected in dropped.Dropped)
        {
            Front.Release(rejected.Id);
            _admittedAt.Remove(rejected.Id);
        }
        var list = dropped.Dropped;
        _log.Info("Dropped {0} pending transaction(s); first: {1} {2}", list.Count, list[0].Code, list[0].Reason);
        Context.System.EventStream.Publish(new TransactionsDropped(list));
    }
}
