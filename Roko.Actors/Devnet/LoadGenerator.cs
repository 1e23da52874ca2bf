using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using static Roko.Actors.Devnet.LoadGeneratorProtocol;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Devnet;

/// <summary>
/// Submits signed transfers between the funded genesis accounts at a steady rate, each to the next of its target
/// mempools in turn (as clients spread over a network's nodes), and follows every submission to its commit or rejection
/// with a <see cref="FinalityTracker"/>.
/// </summary>
public sealed class LoadGenerator : ReceiveActor, IWithTimers
{
    private const string TickTimer = "submit";
    // Transfers move between 1 and this many milli-ROKO, so balances last for long runs.
    private const int MaxTransferMilliRoko = 100;
    private static readonly UInt128 MilliRoko = Amount.BaseUnitsPerRoko / 1000;

    private readonly string _chainId;
    private readonly IReadOnlyList<SigningKey> _accounts;
    private readonly IReadOnlyList<IActorRef> _targets;
    private readonly IClock _clock;
    private readonly double _ratePerSecond;
    private readonly TimeSpan _tick;
    private readonly Random _random;
    private readonly FinalityTracker _tracker = new();
    // Why transactions were refused at submission (the answer to it), and why accepted ones were dropped later (published
    // by the pool: expired, stale, excluded) — the second kind a node should never have.
    private readonly Dictionary<string, int> _refused = new();
    private readonly Dictionary<string, int> _droppedAfterAcceptance = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private NanoMoment _lastTimestamp = NanoMoment.MinValue;
    private bool _running = true;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="targets">The mempools submitted to, one after the other (at least one).</param>
    public static Props Props(string chainId, IReadOnlyList<SigningKey> accounts, IReadOnlyList<IActorRef> targets, IClock clock,
        double ratePerSecond, TimeSpan tick, int seed) =>
        Akka.Actor.Props.Create(() => new LoadGenerator(chainId, accounts, targets, clock, ratePerSecond, tick, seed))
            .WithMailbox(LoadGeneratorMailbox.Id);

    public LoadGenerator(string chainId, IReadOnlyList<SigningKey> accounts, IReadOnlyList<IActorRef> targets, IClock clock,
        double ratePerSecond, TimeSpan tick, int seed)
    {
        if (accounts.Count < 2) throw new ArgumentException("the load generator needs at least two funded accounts", nameof(accounts));
        if (targets.Count == 0) throw new ArgumentException("the load generator needs at least one mempool to submit to", nameof(targets));
        _chainId = chainId;
        _accounts = accounts;
        _targets = targets;
        _clock = clock;
        _ratePerSecond = ratePerSecond;
        _tick = tick;
        _random = new Random(seed);

        Receive<SubmitDue>(_ => SubmitDueTransactions());
        Receive<StopLoad>(_ =>
        {
            _running = false;
            Timers.Cancel(TickTimer);
        });
        Receive<TransactionAccepted>(_ => { });
        Receive<TransactionRejected>(r => Reject(r, _refused));
        Receive<TransactionsDropped>(d =>
        {
            foreach (var r in d.Dropped) Reject(r, _droppedAfterAcceptance);
        });
        Receive<NodeCommitted>(c => _tracker.OnBlockCommitted(c.Block.Height, c.Block.Hash, c.Block.Transactions.Select(t => t.Id), NowMs,
            c.Block.Header.BlockTime.UnixNanoseconds, c.Block.Commit.Round));
        Receive<GetLoadReport>(q =>
        {
            var (before, finalizedBefore) = _tracker.CountBefore(q.SettleBeforeMs);
            Sender.Tell(new LoadReport(_tracker.Submitted, _tracker.Finalized, _tracker.Rejected, _tracker.Pending, _tracker.Blocks,
                _tracker.Forks, _tracker.FinalityPercentileMs(50), _tracker.FinalityPercentileMs(99), before, finalizedBefore,
                new Dictionary<string, int>(_refused), new Dictionary<string, int>(_droppedAfterAcceptance),
                _tracker.BlockTimePercentileMs(50), _tracker.RoundsPerHeightMean, _tracker.MaxBlockGapMs));
        });
    }

    private double NowMs => _elapsed.Elapsed.TotalMilliseconds;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(TransactionsDropped));
        if (_ratePerSecond > 0) Timers.StartPeriodicTimer(TickTimer, SubmitDue.Instance, _tick);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void SubmitDueTransactions()
    {
        if (!_running) return;
        int due = (int)(_elapsed.Elapsed.TotalSeconds * _ratePerSecond) - _tracker.Submitted;
        for (int i = 0; i < due; i++) Submit();
    }

    private void Submit()
    {
        int from = _random.Next(_accounts.Count);
        int to = (from + 1 + _random.Next(_accounts.Count - 1)) % _accounts.Count;
        var amount = new Amount(MilliRoko * (UInt128)(1 + _random.Next(MaxTransferMilliRoko)));
        var now = _clock.Estimate();
        var timestamp = now > _lastTimestamp ? now : _lastTimestamp.AddNanoseconds(1);
        _lastTimestamp = timestamp;
        var tx = Transaction.Create(_chainId, _accounts[from], timestamp, new TransferPayload(_accounts[to].PublicKey.ToAddress(), amount));
        var target = _targets[_tracker.Submitted % _targets.Count];
        _tracker.OnSubmitted(tx.Id, NowMs);
        target.Tell(new SubmitTransaction(tx));
    }

    private void Reject(TransactionRejected rejected, Dictionary<string, int> byReason)
    {
        int before = _tracker.Rejected;
        _tracker.OnRejected(rejected.Id);
        if (_tracker.Rejected == before) return; // not one of ours, or already settled
        string key = rejected.Code.ToString();
        byReason[key] = byReason.GetValueOrDefault(key) + 1;
        if (_log.IsDebugEnabled) _log.Debug("Transaction {0} rejected: {1} {2}", rejected.Id.Short, rejected.Code, rejected.Reason);
    }
}
