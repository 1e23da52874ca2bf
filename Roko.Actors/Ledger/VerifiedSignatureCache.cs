using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// The transaction signatures this node has already verified, keyed by transaction id (the hash of the signed body,
/// which names the signer) and the signature itself, so only that exact signed transaction is vouched for. Unknown
/// transactions are verified and, when valid, remembered; invalid ones never are. Bounded (<see cref="RecentSet{T}"/>)
/// and safe to share between actors: mempool shards fill it, consensus validation and the chain store read it.
/// </summary>
public sealed class VerifiedSignatureCache(int capacity) : ISignatureVerifier
{
    private readonly record struct Entry(Hash32 Id, Signature Signature);

    private readonly RecentSet<Entry> _verified = new(capacity);
    private long _hits;
    private long _misses;

    public int Count => _verified.Count;

    /// <summary>Verifications skipped because the signature was known.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Signatures actually verified through this cache.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    public bool Contains(Transaction tx) => _verified.Contains(new Entry(tx.Id, tx.Signature));

    public bool Verify(Transaction tx)
    {
        var entry = new Entry(tx.Id, tx.Signature);
        if (_verified.Contains(entry))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }
        Interlocked.Increment(ref _misses);
        if (!tx.VerifySignature()) return false;
        _verified.Add(entry);
        return true;
    }
}
