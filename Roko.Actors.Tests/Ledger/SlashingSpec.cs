using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

/// <summary>The slashing arithmetic of <see cref="Slashing.Apply"/>, on states built with the ledger's own rules.</summary>
public sealed class SlashingSpec
{
    private static readonly long Unbonding = Moments.Seconds(5);

    private static LedgerState Genesis(uint ppm, long lockMillis = 0) =>
        Build.Chain().WithValidators(4, Amount.FromRoko(40_000), Moments.AfterGenesis(lockMillis))
            .WithParameters(p => p with { SlashFractionPpm = ppm, UnbondingNanos = Unbonding }).Build().State;

    [Fact]
    public void Apply_should_burn_the_fraction_of_the_stake_and_unbond_the_rest_after_the_report()
    {
        var state = Genesis(50_000);
        var cheater = Keys.Validator(2);
        var reportedAt = Moments.AfterGenesis(300);

        var (after, burnt) = Slashing.Apply(state, EvidenceSpec.Equivocation(cheater), reportedAt);

        Assert.Equal(Amount.FromRoko(2_000), burnt);
        Assert.False(after.Stakes.ContainsKey(cheater.PublicKey));
        var entry = Assert.Single(after.Unbonding);
        Assert.Equal(new UnbondingId(reportedAt.AddNanoseconds(Unbonding), cheater.PublicKey, 1), entry.Key);
        Assert.Equal(Amount.FromRoko(38_000), entry.Value);
        Assert.Contains(cheater.PublicKey, after.Tombstoned);
        Assert.NotEqual(state.ComputeStateRoot(), after.ComputeStateRoot());
    }

    [Fact]
    public void Apply_should_unbond_the_rest_only_after_the_lock_when_the_lock_is_later()
    {
        var state = Genesis(50_000, lockMillis: 60_000);
        var cheater = Keys.Validator(1);

        var (after, _) = Slashing.Apply(state, EvidenceSpec.Equivocation(cheater), Moments.AfterGenesis(300));

        Assert.Equal(Moments.AfterGenesis(60_000).AddNanoseconds(Unbonding), Assert.Single(after.Unbonding).Key.ReleaseAt);
    }

    [Fact]
    public void Apply_should_burn_everything_and_leave_nothing_unbonding_when_the_fraction_is_a_million_ppm()
    {
        var cheater = Keys.Validator(3);

        var (after, burnt) = Slashing.Apply(Genesis(1_000_000), EvidenceSpec.Equivocation(cheater), Moments.AfterGenesis(300));

        Assert.Equal(Amount.FromRoko(40_000), burnt);
        Assert.Empty(after.Unbonding);
        Assert.Equal(Amount.Zero, after.BalanceOf(cheater.PublicKey.ToAddress()));
    }

    [Fact]
    public void Apply_should_slash_unbonding_stake_still_at_risk_at_the_offence_but_not_older_unbonding()
    {
        var cheater = Keys.Validator(0);
        var atRisk = new UnbondingId(Moments.AfterGenesis(9_000), cheater.PublicKey, StartedAtHeight: 4);
        var older = new UnbondingId(Moments.AfterGenesis(8_000), cheater.PublicKey, StartedAtHeight: 2);
        var someoneElse = new UnbondingId(Moments.AfterGenesis(8_500), Keys.Validator(1).PublicKey, StartedAtHeight: 5);
        var state = Genesis(100_000) with
        {
            Height = 5,
            Unbonding = Genesis(0).Unbonding.Add(atRisk, Amount.FromRoko(1000)).Add(older, Amount.FromRoko(1000)).Add(someoneElse, Amount.FromRoko(1000)),
        };

        // Votes at height 5: an unstake in block 4 still counted in the set of height 5, one in block 2 did not.
        var (after, burnt) = Slashing.Apply(state, EvidenceSpec.Equivocation(cheater, height: 5), Moments.AfterGenesis(300));

        Assert.Equal(Amount.FromRoko(4_000 + 100), burnt);
        Assert.Equal(Amount.FromRoko(900), after.Unbonding[atRisk]);
        Assert.Equal(Amount.FromRoko(1000), after.Unbonding[older]);
        Assert.Equal(Amount.FromRoko(1000), after.Unbonding[someoneElse]);
    }
}
