namespace Roko.Actors.Ledger;

/// <summary>
/// How the pure ledger rules check a transaction's signature. The default verifies every time; a node passes its
/// <see cref="VerifiedSignatureCache"/> so a signature checked at admission is not verified again when the block
/// carrying it is validated and applied. Any implementation must verify whatever it has not verified itself.
/// </summary>
public interface ISignatureVerifier
{
    bool Verify(Transaction tx);
}

/// <summary>Verifies every signature, every time.</summary>
public sealed class DirectSignatureVerifier : ISignatureVerifier
{
    public static DirectSignatureVerifier Instance { get; } = new();

    private DirectSignatureVerifier()
    {
    }

    public bool Verify(Transaction tx) => tx.VerifySignature();
}

/// <summary>
/// For blocks this node reads back from its own chain journal (recovery, the archive's projection): the chain store
/// journals a block only after applying it with every transaction signature verified, so reading it back does not verify
/// them again. Never for a block from anywhere else, a peer's or a restored backup's included.
/// </summary>
public sealed class OwnJournalSignatures : ISignatureVerifier
{
    public static OwnJournalSignatures Instance { get; } = new();

    private OwnJournalSignatures()
    {
    }

    public bool Verify(Transaction tx) => true;
}
