using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

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
        WriteVote(writer, First);
        WriteVote(writer, Second);
        return writer.ToArray();
    }

    public static DuplicateVoteEvidence Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.DuplicateVoteEvidence, Version, "evidence");
        var first = ReadVote(ref reader, "evidence.first");
        var second = ReadVote(ref reader, "evidence.second");
        reader.End("evidence");
        if (first.BlockHash.CompareTo(second.BlockHash) > 0)
            throw new CanonicalDecodingException("evidence.second", "votes must be in canonical order (lower block hash first)");
        return new DuplicateVoteEvidence(first, second);
    }

    private static void WriteVote(CanonicalWriter writer, Vote vote) => writer
        .WriteU8((byte)vote.Type)
        .WriteString(vote.ChainId)
        .WriteU64(vote.Height)
        .WriteU32(vote.Round)
        .WriteHash(vote.BlockHash)
        .WriteMoment(vote.Clock.Earliest)
        .WriteMoment(vote.Clock.Latest)
        .WriteHash(vote.Validator.Bytes)
        .WriteHash(vote.Signature.R)
        .WriteHash(vote.Signature.S);

    private static Vote ReadVote(ref CanonicalReader reader, string field)
    {
        byte type = reader.ReadU8(field + ".type");
        if (type is not ((byte)VoteType.Prevote or (byte)VoteType.Precommit))
            throw new CanonicalDecodingException(field + ".type", $"unknown vote type {type}");
        string chainId = reader.ReadString(field + ".chain_id", MaxChainIdBytes);
        ulong height = reader.ReadU64(field + ".height");
        uint round = reader.ReadU32(field + ".round");
        var blockHash = reader.ReadHash(field + ".block_hash");
        var earliest = reader.ReadMoment(field + ".clock_earliest");
        var latest = reader.ReadMoment(field + ".clock_latest");
        if (latest < earliest) throw new CanonicalDecodingException(field + ".clock_latest", "before clock_earliest");
        var validator = new PublicKey(reader.ReadHash(field + ".validator"));
        var signature = new Signature(reader.ReadHash(field + ".signature.r"), reader.ReadHash(field + ".signature.s"));
        return new Vote((VoteType)type, chainId, height, round, blockHash, new NanoInterval(earliest, latest), validator, signature);
    }
}
