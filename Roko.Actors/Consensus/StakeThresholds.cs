using System.Numerics;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>The stake threshold beyond ValidatorSet.IsQuorum (&gt; 2/3): "at least one honest" (&gt; 1/3).</summary>
public static class StakeThresholds
{
    /// <summary>True when <paramref name="stake"/> is strictly more than one third of the total, so it includes an honest validator.</summary>
    public static bool ExceedsOneThird(ValidatorSet validators, Amount stake) =>
        (BigInteger)stake.BaseUnits * 3 > (BigInteger)validators.TotalStake.BaseUnits;
}
