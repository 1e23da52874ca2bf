using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// Proof that one validator equivocated: two signed votes of the same type for the same (chain, height, round)
/// naming different blocks. The pair is kept in canonical order (lower block hash first), so one equivocation
/// has exactly one encoding.
/// </summary>
public sealed record DuplicateVoteEvidence
{
    public const byte Version = 1;
    private const int MaxChainIdBytes = Transaction.MaxChainIdBytes;

    public Vote First { get; }
    public Vote Second { get; }

    private DuplicateVoteEvidence(Vote first, Vote second)
    {
        First = first;
        Second = second;
    }

    public PublicKey Validator => First.Validator;
    public ulong Height => First.Height;

    /// <summary>Pairs two votes in canonical order; call <see cref="Verify"/> to know whether they prove anything.</summary>
    public static DuplicateVoteEvidence Create(Vote a, Vote b) =>
        a.BlockHash.CompareTo(b.BlockHash) <= 0 ? new(a, b) : new(b, a);

    /// <summary>Null when both signatures verify and the votes conflict; otherwise why this is not evidence.</summary>
    public string? Verify()
    {
        if (First.Validator != Second.Validator) return "the votes are signed by different validators";
        if (First.ChainId != Second.ChainId) return "the votes are for different chains";
        if (First.Type != Second.Type) return "the votes are of different types";
        if (First.Height != Second.Height || First.Round != Second.Round) return "the votes are for different heights or rounds";
        if (First.BlockHash == Second.BlockHash) return "the votes name the same block, so they do not conflict";
        if (First.BlockHash.CompareTo(Second.BlockHash) > 0) return "the votes are not in canonical order";
        if (!First.VerifySignature()) return "the first vote's signature does not verify";
        if (!Second.VerifySignature()) return "the second vote's signature does not verify";
        return null;
    }

    public byte[] Encode()
    {
        var writer = new CanonicalWriter(400).Header(CanonicalTag.DuplicateVoteEvidence, Version);
        First.WriteFieldsTo(writer);
        Second.WriteFieldsTo(writer);
        return writer.ToArray();
    }

    public static DuplicateVoteEvidence Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.DuplicateVoteEvidence, Version, "evidence");
        var first = Vote.ReadFieldsFrom(ref reader, "evidence.first");
        var second = Vote.ReadFieldsFrom(ref reader, "evidence.second");
        reader.End("evidence");
        if (first.BlockHash.CompareTo(second.BlockHash) > 0)
            throw new CanonicalDecodingException("evidence.second", "votes must be in canonical order (lower block hash first)");
        return new DuplicateVoteEvidence(first, second);
    }
}
