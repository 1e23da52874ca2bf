using System.Collections.Immutable;

namespace Roko.Actors.Ledger;

/// <summary>
/// How much of the validator set signed one commit certificate: the share of stake (0..1) and the validators whose
/// precommits it lacks (CometBFT's "missing validators"). Signers outside the set are ignored.
/// </summary>
public sealed record CommitParticipation(double Ratio, ImmutableArray<Validator> Missing)
{
    public static CommitParticipation Of(ValidatorSet validators, CommitCertificate commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return Of(validators, commit.Signatures.Select(s => s.Validator));
    }

    /// <summary>The share of <paramref name="validators"/>' stake held by <paramref name="precommitted"/> (keys outside the set are ignored).</summary>
    public static CommitParticipation Of(ValidatorSet validators, IEnumerable<Crypto.PublicKey> precommitted)
    {
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(precommitted);
        var signers = precommitted.ToHashSet();
        UInt128 signed = UInt128.Zero;
        var missing = ImmutableArray.CreateBuilder<Validator>();
        foreach (var validator in validators.Validators)
        {
            if (signers.Contains(validator.Key)) signed += validator.Stake.BaseUnits;
            else missing.Add(validator);
        }
        double ratio = validators.TotalStake.IsZero ? 0 : (double)signed / (double)validators.TotalStake.BaseUnits;
        return new CommitParticipation(Math.Clamp(ratio, 0, 1), missing.ToImmutable());
    }

    /// <summary>"3f2a9c01d4e5b6a7 (eu)": the key's short form and region of each missing validator.</summary>
    public IEnumerable<string> MissingNames => Missing.Select(NameOf);

    public static string NameOf(Validator validator) => $"{validator.Key.Bytes.Short} ({validator.Region})";
}
