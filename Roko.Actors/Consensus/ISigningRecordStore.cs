using Roko.Actors.Crypto;

namespace Roko.Actors.Consensus;

/// <summary>
/// Where a validator's <see cref="SigningRecord"/> lives between restarts (docs/consensus.md §Signing record). Both calls
/// block; the round calls them on its own dispatcher (roko.consensus.signing-dispatcher).
/// </summary>
public interface ISigningRecordStore
{
    /// <summary>The stored record of <paramref name="validator"/> on <paramref name="chainId"/>, or null when it never signed there.</summary>
    SigningRecord? Load(string chainId, PublicKey validator);

    /// <summary>
    /// Stores <paramref name="record"/> durably: when this returns, it is committed and flushed to stable storage. Throws
    /// when it could not be, and when the stored record is at a later position (a record never goes back).
    /// </summary>
    void Save(SigningRecord record);
}
