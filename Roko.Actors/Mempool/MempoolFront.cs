using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

/// <summary>
/// The admission rules that need the whole pool's view, run before a transaction is handed to its shard: chain,
/// clock, validity window and staleness against the ledger tip, the chain's maximum age for the next block, replay of a
/// transaction still in flight, pool and per-sender limits, and balance against pending spends; the rules for one
/// transaction are <see cref="TransactionRules"/>', signatures are the shards' (<see cref="TemporalPool"/>). Pending
/// spends span shards, so each admitted transaction holds a reservation here (its spend and its place in the sender's count) from the moment this front passes it
/// until it is committed, dropped or refused by its shard: two transfers of one sender that land on different
/// shards can never together spend more than the balance. Last, the ledger's own transaction rules run against the tip
/// (<see cref="TransactionRules.Execution"/>: stake minimum and lock, tombstones, regions, evidence), so nothing is
/// accepted that the block would refuse at execution. A refused transaction changes nothing.
/// </summary>
public sealed class MempoolFront
{
    private readonly record struct Reservation(Address Sender, Amount? Spend);

    private readonly MempoolLimits _limits;
    private readonly TemporalRules _rules;
    private readonly Dictionary<Hash32, Reservation> _reserved = new();
    private readonly Dictionary<Address, Amount> _pendingSpend = new();
    private readonly Dictionary<Address, int> _perSender = new();

    public MempoolFront(MempoolLimits limits, LedgerState ledger)
    {
        _limits = limits;
        _rules = new TemporalRules(limits.WindowPastNanos, limits.WindowFutureNanos);
        Ledger = ledger;
    }

    /// <summary>The ledger tip admission is judged against; its cutoff is the last sealed one.</summary>
    public LedgerState Ledger { get; private set; }

    /// <summary>Transactions holding a reservation: in flight to a shard or pending in one.</summary>
    public int Reserved => _reserved.Count;

    public bool IsReserved(Hash32 id) => _reserved.ContainsKey(id);

    /// <summary>The ids of the transactions holding a reservation.</summary>
    public IEnumerable<Hash32> ReservedIds => _reserved.Keys;

    public Amount PendingSpendOf(Address sender) => _pendingSpend.GetValueOrDefault(sender, Amount.Zero);

    /// <summary>Runs the front's rules; when they all pass, reserves the transaction's spend and count and returns Accepted.</summary>
    public AdmissionResult Reserve(Transaction tx, NanoInterval now)
    {
        var result = CheckChain(tx)
                     ?? CheckClock(now)
                     ?? CheckTime(tx, now)
                     ?? CheckAge(tx, now)
                     ?? CheckInFlight(tx)
                     ?? CheckLimits(tx)
                     ?? CheckBalance(tx)
                     ?? CheckLedgerRules(tx);
        if (result is { } refused) return refused;
        var spend = SpendOf(tx);
        _reserved.Add(tx.Id, new Reservation(tx.Sender, spend));
        _perSender[tx.Sender] = _perSender.GetValueOrDefault(tx.Sender) + 1;
        if (spend is { } amount) _pendingSpend[tx.Sender] = PendingSpendOf(tx.Sender) + amount;
        return AdmissionResult.Accepted;
    }

    /// <summary>Gives back a reservation (refused by its shard, dropped, committed); false when there was none.</summary>
    public bool Release(Hash32 id)
    {
        if (!_reserved.Remove(id, out var reservation)) return false;
        int left = _perSender.GetValueOrDefault(reservation.Sender) - 1;
        if (left <= 0) _perSender.Remove(reservation.Sender); else _perSender[reservation.Sender] = left;
        if (reservation.Spend is { } spend && _pendingSpend.TryGetValue(reservation.Sender, out var pending))
        {
            var rest = spend > pending ? Amount.Zero : pending - spend;
            if (rest.IsZero) _pendingSpend.Remove(reservation.Sender); else _pendingSpend[reservation.Sender] = rest;
        }
        return true;
    }

    /// <summary>
    /// A block was committed: the ledger moves to <paramref name="state"/> (which now holds the included spends), so
    /// the included transactions' reservations are released. Returns the released ids.
    /// </summary>
    public IReadOnlyList<Hash32> OnBlockCommitted(Block block, LedgerState state)
    {
        if (state.Height <= Ledger.Height) return [];
        Ledger = state;
        var released = new List<Hash32>();
        foreach (var tx in block.Transactions)
            if (Release(tx.Id)) released.Add(tx.Id);
        return released;
    }

    private AdmissionResult? CheckChain(Transaction tx) => AdmissionResult.Refusing(TransactionRules.Chain(tx, Ledger.ChainId));

    private static AdmissionResult? CheckClock(NanoInterval now) =>
        now.IsBounded ? null : new(AdmissionCode.ClockUnsynchronized, "this node's clock is unsynchronized; it cannot judge validity windows");

    private AdmissionResult? CheckTime(Transaction tx, NanoInterval now) =>
        AdmissionResult.Refusing(TransactionRules.Window(_rules, tx, now, Ledger.LastCutoff));

    /// <summary>
    /// The chain's maximum age, for the earliest time the next block can have (<see cref="TransactionRules.MaxAgeForNextBlock"/>):
    /// the node's window-past is local and may be longer than the chain's tx_max_age_ns, and a transaction inside the
    /// window but too old for any block to come would be accepted and then never included.
    /// </summary>
    private AdmissionResult? CheckAge(Transaction tx, NanoInterval now) =>
        AdmissionResult.Refusing(TransactionRules.MaxAgeForNextBlock(tx, now, Ledger));

    private AdmissionResult? CheckInFlight(Transaction tx) =>
        _reserved.ContainsKey(tx.Id) ? new(AdmissionCode.Replay, $"transaction {tx.Id.Short} is already pending") : null;

    private AdmissionResult? CheckLimits(Transaction tx)
    {
        if (_reserved.Count >= _limits.MaxTransactions)
            return new(AdmissionCode.PoolFull, $"the pool holds its maximum of {_limits.MaxTransactions} transactions");
        return _perSender.GetValueOrDefault(tx.Sender) >= _limits.MaxPerSender
            ? new(AdmissionCode.SenderLimit, $"{tx.Sender} already has {_limits.MaxPerSender} pending transactions")
            : null;
    }

    private AdmissionResult? CheckBalance(Transaction tx)
    {
        var spend = SpendOf(tx);
        if (spend is null) return null;
        if (spend.Value.IsZero) return new(AdmissionCode.ZeroAmount, $"{tx.Kind} of 0 ROKO");
        var pending = PendingSpendOf(tx.Sender);
        var balance = Ledger.BalanceOf(tx.Sender);
        if (!Amount.TryAdd(pending, spend.Value, out var total) || total > balance)
            return new(AdmissionCode.InsufficientBalance,
                $"{tx.Sender} has {balance} with {pending} already pending across all shards; cannot spend {spend.Value} more");
        return null;
    }

    /// <summary>
    /// The ledger's rules against the tip. Pending spends are the front's (<see cref="CheckBalance"/>); the ledger adds
    /// what the tip's stakes, tombstones and parameters decide. Run for every kind, so a rule added to the ledger is
    /// enforced here without a copy.
    /// </summary>
    private AdmissionResult? CheckLedgerRules(Transaction tx) => AdmissionResult.Refusing(TransactionRules.Execution(Ledger, tx));

    private static Amount? SpendOf(Transaction tx) => tx.Payload switch
    {
        TransferPayload t => t.Amount,
        StakePayload s => s.Amount,
        _ => null,
    };
}
