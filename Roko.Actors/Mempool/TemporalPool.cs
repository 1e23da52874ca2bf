using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

/// <summary>
/// One shard's pending transactions as a temporal index: keyed by their signing NanoMoment (one per nanosecond slot,
/// first seen keeps it), with a seen-set over the validity window for replay protection (no nonces), and the last
/// sealed cutoff. Its admission rules are the ones local to the shard — window and staleness, slot and signature
/// (<see cref="TransactionRules"/>), and replay against this pool's seen-set; the signature is checked here so
/// verification runs on every shard in parallel. The rules that span shards (balance, limits, the chain's maximum age)
/// are the <see cref="MempoolFront"/>'s. A refused transaction changes nothing.
/// </summary>
public sealed class TemporalPool
{
    private readonly TemporalRules _rules;
    private readonly long _windowPastNanos;
    private readonly ISignatureVerifier _signatures;
    private readonly SortedDictionary<NanoMoment, Transaction> _bySlot = new();
    private readonly Dictionary<Hash32, NanoMoment> _seen = new();

    /// <param name="signatures">Verifies signatures (and remembers them for the block that will carry them); null verifies directly.</param>
    public TemporalPool(MempoolLimits limits, NanoMoment lastSealedCutoff, ISignatureVerifier? signatures = null)
    {
        _rules = new TemporalRules(limits.WindowPastNanos, limits.WindowFutureNanos);
        _windowPastNanos = limits.WindowPastNanos;
        _signatures = signatures ?? DirectSignatureVerifier.Instance;
        LastSealedCutoff = lastSealedCutoff;
    }

    public NanoMoment LastSealedCutoff { get; private set; }
    public int Count => _bySlot.Count;
    public int SeenCount => _seen.Count;

    public bool Contains(Hash32 id) => _seen.TryGetValue(id, out var slot) && _bySlot.TryGetValue(slot, out var tx) && tx.Id == id;

    public AdmissionResult Admit(Transaction tx, NanoInterval now)
    {
        var result = AdmissionResult.Refusing(TransactionRules.Window(_rules, tx, now, LastSealedCutoff))
                     ?? CheckReplay(tx)
                     ?? AdmissionResult.Refusing(TransactionRules.Slot(tx, _bySlot.GetValueOrDefault(tx.Timestamp)))
                     ?? AdmissionResult.Refusing(TransactionRules.Signature(tx, _signatures));
        if (result is { } refused) return refused;
        _bySlot.Add(tx.Timestamp, tx);
        _seen[tx.Id] = tx.Timestamp;
        return AdmissionResult.Accepted;
    }

    private AdmissionResult? CheckReplay(Transaction tx) =>
        _seen.ContainsKey(tx.Id) ? new(AdmissionCode.Replay, $"transaction {tx.Id.Short} was already seen within the validity window") : null;

    /// <summary>Pending transactions in (last sealed cutoff, <paramref name="cutoff"/>], in chain order, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<Transaction> Slice(NanoMoment cutoff, int max = int.MaxValue)
    {
        var slice = new List<Transaction>();
        foreach (var (slot, tx) in _bySlot)
        {
            if (slot > cutoff || slice.Count >= max) break;
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
            if (_bySlot.TryGetValue(tx.Timestamp, out var held) && held.Id == tx.Id) _bySlot.Remove(tx.Timestamp);
            _seen[tx.Id] = tx.Timestamp;
        }
        if (block.Header.Cutoff > LastSealedCutoff) LastSealedCutoff = block.Header.Cutoff;
        var dropped = Slice(LastSealedCutoff).ToList();
        foreach (var tx in dropped) _bySlot.Remove(tx.Timestamp);
        return dropped;
    }

    /// <summary>Drops pending transactions that left the validity window and forgets seen ids older than it.</summary>
    public IReadOnlyList<Transaction> Evict(NanoInterval now)
    {
        if (!now.IsBounded) return [];
        var expired = _bySlot.Values.TakeWhile(tx => _rules.IsExpired(tx.Timestamp, now)).ToList();
        foreach (var tx in expired) _bySlot.Remove(tx.Timestamp);
        var horizon = now.Earliest.AddSaturating(-_windowPastNanos);
        foreach (var id in _seen.Where(kv => kv.Value < horizon && kv.Value <= LastSealedCutoff).Select(kv => kv.Key).ToList())
            _seen.Remove(id);
        return expired;
    }
}
