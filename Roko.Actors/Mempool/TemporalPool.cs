using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

/// <summary>
/// The pending transactions as a temporal index: keyed by their signing NanoMoment (one per nanosecond slot, first
/// seen keeps it), with a seen-set over the validity window for replay protection (no nonces), per-sender pending
/// spends, and the last sealed cutoff. Admission is a pipeline of small rules, each with a named result; a refused
/// transaction changes nothing.
/// </summary>
public sealed class TemporalPool
{
    private readonly MempoolLimits _limits;
    private readonly TemporalRules _rules;
    private readonly SortedDictionary<NanoMoment, Transaction> _bySlot = new();
    private readonly Dictionary<Hash32, NanoMoment> _seen = new();
    private readonly Dictionary<Address, Amount> _pendingSpend = new();
    private readonly Dictionary<Address, int> _perSender = new();

    public TemporalPool(MempoolLimits limits, NanoMoment lastSealedCutoff)
    {
        _limits = limits;
        _rules = new TemporalRules(limits.WindowPastNanos, limits.WindowFutureNanos);
        LastSealedCutoff = lastSealedCutoff;
    }

    public NanoMoment LastSealedCutoff { get; private set; }
    public int Count => _bySlot.Count;
    public int SeenCount => _seen.Count;

    public bool Contains(Hash32 id) => _seen.TryGetValue(id, out var slot) && _bySlot.TryGetValue(slot, out var tx) && tx.Id == id;

    public AdmissionResult Admit(Transaction tx, NanoInterval now, LedgerState ledger)
    {
        var result = CheckChain(tx, ledger)
                     ?? CheckClock(now)
                     ?? CheckTime(tx, now)
                     ?? CheckReplay(tx)
                     ?? CheckSlot(tx)
                     ?? CheckLimits(tx)
                     ?? CheckSignature(tx)
                     ?? CheckBalance(tx, ledger)
                     ?? CheckStake(tx, ledger);
        if (result is { } refused) return refused;
        Insert(tx);
        return AdmissionResult.Accepted;
    }

    private static AdmissionResult? CheckChain(Transaction tx, LedgerState ledger) =>
        tx.ChainId == ledger.ChainId ? null : new(AdmissionCode.WrongChain, $"chain '{tx.ChainId}', this node runs '{ledger.ChainId}'");

    private static AdmissionResult? CheckClock(NanoInterval now) =>
        now.IsBounded ? null : new(AdmissionCode.ClockUnsynchronized, "this node's clock is unsynchronized; it cannot judge validity windows");

    private AdmissionResult? CheckTime(Transaction tx, NanoInterval now) => _rules.Check(tx.Timestamp, now, LastSealedCutoff) switch
    {
        TemporalVerdict.Stale => new(AdmissionCode.Stale, $"signed at {tx.Timestamp}, at or before the sealed cutoff {LastSealedCutoff}"),
        TemporalVerdict.Expired => new(AdmissionCode.Expired, $"signed at {tx.Timestamp}, older than the validity window (now is {now})"),
        TemporalVerdict.TooFarInFuture => new(AdmissionCode.TooFarInFuture, $"signed at {tx.Timestamp}, beyond now {now} plus the future window"),
        _ => null,
    };

    private AdmissionResult? CheckReplay(Transaction tx) =>
        _seen.ContainsKey(tx.Id) ? new(AdmissionCode.Replay, $"transaction {tx.Id.Short} was already seen within the validity window") : null;

    private AdmissionResult? CheckSlot(Transaction tx) =>
        _bySlot.TryGetValue(tx.Timestamp, out var holder)
            ? new(AdmissionCode.SlotTaken, $"slot taken: nanosecond {tx.Timestamp} is held by transaction {holder.Id.Short}")
            : null;

    private AdmissionResult? CheckLimits(Transaction tx)
    {
        if (_bySlot.Count >= _limits.MaxTransactions)
            return new(AdmissionCode.PoolFull, $"the pool holds its maximum of {_limits.MaxTransactions} transactions");
        return _perSender.GetValueOrDefault(tx.Sender) >= _limits.MaxPerSender
            ? new(AdmissionCode.SenderLimit, $"{tx.Sender} already has {_limits.MaxPerSender} pending transactions")
            : null;
    }

    private static AdmissionResult? CheckSignature(Transaction tx) =>
        tx.VerifySignature() ? null : new(AdmissionCode.BadSignature, $"signature does not verify for signer {tx.Signer.Bytes.Short}");

    private AdmissionResult? CheckBalance(Transaction tx, LedgerState ledger)
    {
        var spend = SpendOf(tx);
        if (spend is null) return null;
        if (spend.Value.IsZero) return new(AdmissionCode.ZeroAmount, $"{tx.Kind} of 0 ROKO");
        var pending = _pendingSpend.GetValueOrDefault(tx.Sender, Amount.Zero);
        var balance = ledger.BalanceOf(tx.Sender);
        if (!Amount.TryAdd(pending, spend.Value, out var total) || total > balance)
            return new(AdmissionCode.InsufficientBalance, $"{tx.Sender} has {balance} with {pending} already pending; cannot spend {spend.Value} more");
        return null;
    }

    private AdmissionResult? CheckStake(Transaction tx, LedgerState ledger)
    {
        if (tx.Payload is not UnstakePayload unstake) return null;
        if (unstake.Amount.IsZero) return new(AdmissionCode.ZeroAmount, "unstake of 0 ROKO");
        if (!ledger.Stakes.TryGetValue(tx.Signer, out var stake))
            return new(AdmissionCode.NoStake, $"{tx.Signer.Bytes.Short} has no stake to unstake");
        if (unstake.Amount > stake.Amount)
            return new(AdmissionCode.InsufficientStake, $"stake is {stake.Amount}, cannot unstake {unstake.Amount}");
        return null;
    }

    private static Amount? SpendOf(Transaction tx) => tx.Payload switch
    {
        TransferPayload t => t.Amount,
        StakePayload s => s.Amount,
        _ => null,
    };

    private void Insert(Transaction tx)
    {
        _bySlot.Add(tx.Timestamp, tx);
        _seen[tx.Id] = tx.Timestamp;
        _perSender[tx.Sender] = _perSender.GetValueOrDefault(tx.Sender) + 1;
        if (SpendOf(tx) is { } spend) _pendingSpend[tx.Sender] = _pendingSpend.GetValueOrDefault(tx.Sender, Amount.Zero) + spend;
    }

    private void RemovePending(Transaction tx)
    {
        if (!_bySlot.Remove(tx.Timestamp)) return;
        int left = _perSender.GetValueOrDefault(tx.Sender) - 1;
        if (left <= 0) _perSender.Remove(tx.Sender); else _perSender[tx.Sender] = left;
        if (SpendOf(tx) is { } spend && _pendingSpend.TryGetValue(tx.Sender, out var pending))
        {
            var rest = spend > pending ? Amount.Zero : pending - spend;
            if (rest.IsZero) _pendingSpend.Remove(tx.Sender); else _pendingSpend[tx.Sender] = rest;
        }
    }

    /// <summary>Pending transactions in (last sealed cutoff, <paramref name="cutoff"/>], in chain order.</summary>
    public IReadOnlyList<Transaction> Slice(NanoMoment cutoff)
    {
        var slice = new List<Transaction>();
        foreach (var (slot, tx) in _bySlot)
        {
            if (slot > cutoff) break;
            slice.Add(tx);
        }
        return slice;
    }

    /// <summary>
    /// A block was committed: its transactions leave the pool (their ids stay seen), the cutoff advances, and any
    /// pending transaction at or before it is dropped as stale — returned so its submitter can be told.
    /// </summary>
    public IReadOnlyList<Transaction> OnBlockCommitted(Block block)
    {
        foreach (var tx in block.Transactions)
        {
            RemovePending(tx);
            _seen[tx.Id] = tx.Timestamp;
        }
        if (block.Header.Cutoff > LastSealedCutoff) LastSealedCutoff = block.Header.Cutoff;
        var dropped = Slice(LastSealedCutoff).ToList();
        foreach (var tx in dropped) RemovePending(tx);
        return dropped;
    }

    /// <summary>Drops pending transactions that left the validity window and forgets seen ids older than it.</summary>
    public IReadOnlyList<Transaction> Evict(NanoInterval now)
    {
        if (!now.IsBounded) return [];
        var expired = _bySlot.Values.TakeWhile(tx => _rules.IsExpired(tx.Timestamp, now)).ToList();
        foreach (var tx in expired) RemovePending(tx);
        var horizon = now.Earliest.AddSaturating(-_limits.WindowPastNanos);
        foreach (var id in _seen.Where(kv => kv.Value < horizon && kv.Value <= LastSealedCutoff).Select(kv => kv.Key).ToList())
            _seen.Remove(id);
        return expired;
    }
}
