using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>One validator's precommit inside a commit certificate.</summary>
public sealed record CommitSignature(PublicKey Validator, NanoInterval Clock, Signature Signature);

/// <summary>
/// Proof that a block is final: precommits for <see cref="BlockHash"/> at (height, round) from validators holding
/// strictly more than two thirds of the stake. Signatures are sorted by validator key, one per validator.
/// </summary>
public sealed record CommitCertificate(ulong Height, uint Round, Hash32 BlockHash, ImmutableArray<CommitSignature> Signatures)
{
    public const int MaxSignatures = 1024;
    private const int SignatureEntrySize = PublicKey.Size + 16 + Signature.Size;

    public static CommitCertificate FromVotes(ulong height, uint round, Hash32 blockHash, IEnumerable<Vote> precommits) =>
        new(height, round, blockHash,
            [.. precommits.Select(v => new CommitSignature(v.Validator, v.Clock, v.Signature)).OrderBy(s => s.Validator)]);

    public void WriteTo(CanonicalWriter writer)
    {
        writer.Header(CanonicalTag.CommitCertificate, 1).WriteU64(Height).WriteU32(Round).WriteHash(BlockHash)
            .WriteCount(Signatures.Length);
        foreach (var s in Signatures)
            writer.WriteHash(s.Validator.Bytes).WriteMoment(s.Clock.Earliest).WriteMoment(s.Clock.Latest)
                .WriteHash(s.Signature.R).WriteHash(s.Signature.S);
    }

    public static CommitCertificate ReadFrom(ref CanonicalReader reader)
    {
        reader.Header(CanonicalTag.CommitCertificate, 1, "commit");
        ulong height = reader.ReadU64("commit.height");
        uint round = reader.ReadU32("commit.round");
        var blockHash = reader.ReadHash("commit.block_hash");
        int count = reader.ReadCount("commit.signatures", MaxSignatures, SignatureEntrySize);
        var builder = ImmutableArray.CreateBuilder<CommitSignature>(count);
        for (int i = 0; i < count; i++)
        {
            string field = $"commit.signatures[{i}]";
            var key = new PublicKey(reader.ReadHash(field + ".validator"));
            var earliest = reader.ReadMoment(field + ".clock_earliest");
            var latest = reader.ReadMoment(field + ".clock_latest");
            if (latest < earliest) throw new CanonicalDecodingException(field + ".clock_latest", "before clock_earliest");
            var signature = new Signature(reader.ReadHash(field + ".signature.r"), reader.ReadHash(field + ".signature.s"));
            if (i > 0 && builder[i - 1].Validator.CompareTo(key) >= 0)
                throw new CanonicalDecodingException(field + ".validator", "signatures must be sorted by validator key with no repeats");
            builder.Add(new CommitSignature(key, new NanoInterval(earliest, latest), signature));
        }
        return new CommitCertificate(height, round, blockHash, builder.MoveToImmutable());
    }

    /// <summary>Null when the certificate proves <paramref name="header"/> under <paramref name="validators"/>; otherwise why not.</summary>
    public string? Verify(BlockHeader header, ValidatorSet validators)
    {
        if (Height != header.Height) return $"certificate is for height {Height}, block is {header.Height}";
        if (BlockHash != header.Hash) return $"certificate is for block {BlockHash.Short}, block is {header.Hash.Short}";
        var signed = Amount.Zero;
        PublicKey? previous = null;
        foreach (var s in Signatures)
        {
            if (previous is { } p && p.CompareTo(s.Validator) >= 0) return "signatures are not sorted by validator or repeat one";
            previous = s.Validator;
            var validator = validators.Find(s.Validator);
            if (validator is null) return $"signer {s.Validator.Bytes.Short} is not in the validator set";
            var message = Vote.SigningMessage(VoteType.Precommit, header.ChainId, Height, Round, BlockHash, s.Clock, s.Validator);
            if (!Ed25519.Verify(s.Validator.ToArray(), message, s.Signature.ToArray()))
                return $"bad precommit signature from {s.Validator.Bytes.Short}";
            signed += validator.Stake;
        }
        return validators.IsQuorum(signed)
            ? null
            : $"signers hold {signed} of {validators.TotalStake}, not more than two thirds";
    }
}
