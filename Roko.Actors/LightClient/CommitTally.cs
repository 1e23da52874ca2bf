using System.Numerics;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.LightClient;

/// <summary>
/// Counts a commit certificate's signed stake against a validator set, checking each signature once. Signers outside
/// the set are an error when the set is the header's own (<see cref="Own"/>) and are skipped when it is an older
/// trusted set (<see cref="Trusted"/>), which may have changed since.
/// </summary>
public static class CommitTally
{
    /// <summary>The signers' stake in the header's own set; refused unless it is strictly more than two thirds.</summary>
    public static LightRefusal? Own(BlockHeader header, CommitCertificate commit, ValidatorSet validators)
    {
        if (commit.Height != header.Height || commit.BlockHash != header.Hash)
            return new(LightRefusalReason.CommitForOtherBlock,
                $"certificate for height {commit.Height} block {commit.BlockHash.Short}, header is {header.Height} {header.Hash.Short}");
        var signed = Amount.Zero;
        PublicKey? previous = null;
        foreach (var s in commit.Signatures)
        {
            if (previous is { } p && p.CompareTo(s.Validator) >= 0)
                return new(LightRefusalReason.MalformedCommit, "signatures are not sorted by validator or repeat one");
            previous = s.Validator;
            if (validators.Find(s.Validator) is not { } validator)
                return new(LightRefusalReason.UnknownSigner, $"signer {s.Validator.Bytes.Short} is not in the validator set of height {header.Height}");
            if (!Verifies(header, commit, s))
                return new(LightRefusalReason.BadSignature, $"precommit signature of {s.Validator.Bytes.Short} does not verify");
            signed += validator.Stake;
        }
        return validators.IsQuorum(signed)
            ? null
            : new(LightRefusalReason.NotEnoughStake, $"signers hold {signed} of {validators.TotalStake}, not more than two thirds");
    }

    /// <summary>
    /// Refused unless signers that belong to <paramref name="trusted"/> hold strictly more than
    /// <paramref name="numerator"/>/<paramref name="denominator"/> of its stake (signatures checked).
    /// </summary>
    public static LightRefusal? Trusted(BlockHeader header, CommitCertificate commit, ValidatorSet trusted, int numerator, int denominator)
    {
        var signed = Amount.Zero;
        foreach (var s in commit.Signatures)
        {
            if (trusted.Find(s.Validator) is not { } validator) continue;
            if (!Verifies(header, commit, s))
                return new(LightRefusalReason.BadSignature, $"precommit signature of {s.Validator.Bytes.Short} does not verify");
            signed += validator.Stake;
        }
        return (BigInteger)signed.BaseUnits * denominator > (BigInteger)trusted.TotalStake.BaseUnits * numerator
            ? null
            : new(LightRefusalReason.NotEnoughTrustedStake,
                $"signers from the trusted set hold {signed} of {trusted.TotalStake}, not more than {numerator}/{denominator}");
    }

    private static bool Verifies(BlockHeader header, CommitCertificate commit, CommitSignature s) =>
        Ed25519.Verify(s.Validator.ToArray(),
            Vote.SigningMessage(VoteType.Precommit, header.ChainId, commit.Height, commit.Round, commit.BlockHash, s.Clock, s.Validator),
            s.Signature.ToArray());
}
