using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The transaction signatures this node has already verified, keyed by transaction id (the hash of the signed body,
/// which names the signer) and the signature itself, so only that exact signed transaction is vouched for. Unknown
/// transactions are verified and, when valid, remembered. Bounded: it keeps at most <c>capacity</c> entries in two
/// generations and forgets the older generation when the newer one fills. Safe to share between actors (mempool
/// shards add, the chain store and consensus read): the lock guards two hash-set operations, never a verification.
/// </summary>
public sealed class VerifiedSignatureCache : ISignatureVerifier
{
    private readonly record struct Entry(Hash32 Id, Signature Signature);

    private readonly int _generationSize;
    private readonly object _gate = new();
    private HashSet<Entry> _current;
    private HashSet<Entry> _previous;
    private long _hits;
    private long _misses;

    public VerifiedSignatureCache(int capacity)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the cache holds at least 2 signatures");
        _generationSize = capacity / 2;
        _current = new HashSet<Entry>(_generationSize);
        _previous = new HashSet<Entry>(_generationSize);
    }

    public int Count
    {
        get { lock (_gate) return _current.Count + _previous.Count; }
    }

    /// <summary>Verifications skipped because the signature was known.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Signatures actually verified through this cache.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public bool Contains(Transaction tx)
    {
        var entry = new Entry(tx.Id, tx.Signature);
        lock (_gate) return _current.Contains(entry) || _previous.Contains(entry);
    }

    public bool Verify(Transaction tx)
    {
        var entry = new Entry(tx.Id, tx.Signature);
        lock (_gate)
        {
            if (_current.Contains(entry) || _previous.Contains(entry))
            {
                Interlocked.Increment(ref _hits);
                return true;
            }
        }
        Interlocked.Increment(ref _misses);
        if (!tx.VerifySignature()) return false;
        lock (_gate)
        {
            if (_current.Count >= _generationSize)
            {
                (_previous, _current) = (_current, _previous);
                _current.Clear();
            }
            _current.Add(entry);
        }
        return true;
    }
}
