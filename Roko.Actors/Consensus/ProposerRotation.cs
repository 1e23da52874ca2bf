using System.Collections.Immutable;
using System.Numerics;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

/// <summary>
/// Stake-weighted proposer rotation, a pure function of (validator set, height, round). Step
/// <c>s = height + round</c> picks the point <c>frac(s·φ)</c> of the golden-ratio (Weyl) sequence and maps it onto the
/// validators laid end to end in key order, each occupying a stretch as long as its stake. The sequence is
/// equidistributed with low discrepancy, so over any run of consecutive steps each validator proposes in proportion
/// to its stake, and successive steps land far apart, so a failed round hands over to another proposer.
/// </summary>
public static class ProposerRotation
{
    /// <summary>2^64 / φ, rounded to odd: <c>s · this mod 2^64</c> is <c>frac(s·φ)</c> as a 64-bit fraction.</summary>
    private const ulong GoldenRatioFraction = 0x9E3779B97F4A7C15UL;
    private const int FractionBits = 64;

    public static PublicKey ProposerOf(ValidatorSet validators, ulong height, uint round)
    {
        if (validators.Count == 0 || validators.TotalStake.IsZero)
            throw new ArgumentException("a validator set with stake is needed to choose a proposer", nameof(validators));
        ulong step = unchecked(height + round);
        ulong point = unchecked(step * GoldenRatioFraction);
        var target = ((BigInteger)point * (BigInteger)validators.TotalStake.BaseUnits) >> FractionBits;
        var cumulative = BigInteger.Zero;
        foreach (var v in validators.Validators)
        {
            cumulative += (BigInteger)v.Stake.BaseUnits;
            if (target < cumulative) return v.Key;
        }
        return validators.Validators[^1].Key;
    }

    /// <summary>
    /// The proposers of rounds 0 to <paramref name="rounds"/> − 1 of the <paramref name="heights"/> heights after
    /// <paramref name="tip"/>: the validators that will assemble the blocks a transaction admitted now can land in (its
    /// time slice is sealed by the next block or the one after, and a failed round hands the block to the next round's
    /// proposer). Height tip + 1 uses the tip's validator set, later heights its staked set (the set of tip + 2).
    /// Distinct, in (height, round) order; empty when no set has stake.
    /// </summary>
    public static ImmutableArray<PublicKey> Upcoming(LedgerState tip, int heights, int rounds)
    {
        ArgumentNullException.ThrowIfNull(tip);
        var proposers = ImmutableArray.CreateBuilder<PublicKey>();
        for (ulong height = tip.Height + 1; height <= tip.Height + (ulong)Math.Max(heights, 0); height++)
        {
            var validators = height == tip.Height + 1 ? tip.Validators : tip.StakedValidators;
            if (validators.Count == 0 || validators.TotalStake.IsZero) continue;
            for (uint round = 0; round < (uint)Math.Max(rounds, 0); round++)
            {
                var proposer = ProposerOf(validators, height, round);
                if (!proposers.Contains(proposer)) proposers.Add(proposer);
            }
        }
        return proposers.ToImmutable();
    }
}
