using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

/// <summary>The unbonding timeline and the two-height validator-set rule, through the full ledger transition.</summary>
public sealed class StakingSpec
{
    private static readonly Amount Thousand = Amount.FromRoko(1000);
    private static readonly long Unbonding5s = Moments.Seconds(5);

    private static TestChain Chain(int validators = 2) =>
        Build.Chain().WithValidators(validators).Funding(Keys.Alice, Amount.FromRoko(5000))
            .WithParameters(p => p with { UnbondingNanos = Unbonding5s }).Build();

    private static LedgerState Applied(LedgerState state, Block block)
    {
        var result = LedgerTransition.Apply(state, block);
        Assert.True(result.IsValid, result.Error?.ToString());
        return result.State!;
    }

    [Fact]
    public void Unstake_should_hold_the_amount_unspendable_until_the_unbonding_period_has_passed()
    {
        var chain = Chain();
        var v = chain.ValidatorKeys[1];
        var unstakeAt = Moments.AfterGenesis(100);
        var releaseAt = unstakeAt.AddNanoseconds(Unbonding5s);
        var s1 = Applied(chain.State, chain.NextBlock().With(Build.Transaction().By(v).SignedAt(unstakeAt).Unstake(Thousand)).Seal());
        Assert.Equal(Amount.Zero, s1.BalanceOf(v.PublicKey.ToAddress()));
        Assert.Equal(Thousand, Unbonding.Of(s1, v.PublicKey));
        Assert.Equal(Amount.FromRoko(31_000), s1.Stakes[v.PublicKey].Amount);

        // A block whose slice ends one nanosecond before the release: still held, and not spendable.
        var spendEarly = Build.Transaction().By(v).SignedAt(releaseAt.AddNanoseconds(-1)).Transfer(Keys.Bob, Thousand);
        var early = chain.NextBlock(s1).With(spendEarly).CutoffAt(releaseAt.AddNanoseconds(-1)).Assemble();
        Assert.Empty(early.Transactions);
        Assert.Equal(LedgerErrorCode.InsufficientBalance, Assert.Single(early.Excluded).Reason.Code);
        var s2 = Applied(s1, chain.NextBlock(s1).CutoffAt(releaseAt.AddNanoseconds(-1)).Seal());
        Assert.Equal(Thousand, Unbonding.Of(s2, v.PublicKey));

        // A transaction signed at the release time may spend it: the release happens before it, in time order.
        var spend = Build.Transaction().By(v).SignedAt(releaseAt).Transfer(Keys.Bob, Thousand);
        var s3 = Applied(s2, chain.NextBlock(s2).With(spend).CutoffAt(releaseAt.AddNanoseconds(Moments.Millis(10))).Seal());
        Assert.Equal(Thousand, s3.BalanceOf(Keys.Bob.PublicKey.ToAddress()));
        Assert.Equal(Amount.Zero, Unbonding.Of(s3, v.PublicKey));
        Assert.Empty(s3.Unbonding);
    }

    [Fact]
    public void Unbonding_should_be_released_at_the_end_of_the_block_whose_slice_reaches_it()
    {
        var chain = Chain();
        var v = chain.ValidatorKeys[1];
        var unstakeAt = Moments.AfterGenesis(100);
        var s1 = Applied(chain.State, chain.NextBlock().With(Build.Transaction().By(v).SignedAt(unstakeAt).Unstake(Thousand)).Seal());

        var s2 = Applied(s1, chain.NextBlock(s1).CutoffAt(unstakeAt.AddNanoseconds(Unbonding5s)).Seal());

        Assert.Equal(Thousand, s2.BalanceOf(v.PublicKey.ToAddress()));
        Assert.Empty(s2.Unbonding);
    }

    [Fact]
    public void Unstake_should_be_refused_while_the_stake_is_locked_even_with_unbonding()
    {
        var chain = Build.Chain().WithValidators(2, lockedUntil: Moments.AfterGenesis(10_000)).Build();
        var tx = Build.Transaction().By(chain.ValidatorKeys[1]).SignedAt(Moments.AfterGenesis(100)).Unstake(Thousand);
        var result = LedgerTransition.Apply(chain.State, chain.NextBlock().With(tx).Raw());
        Assert.Equal(LedgerErrorCode.StakeLocked, result.Error!.Code);
    }

    [Fact]
    public void A_stake_should_join_the_validator_set_two_heights_after_its_block()
    {
        var chain = Chain(validators: 1);
        var stake = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Stake(Thousand);
        var s1 = Applied(chain.State, chain.NextBlock().With(stake).Seal());   // block 1 holds the stake
        Assert.False(s1.Validators.Contains(Keys.Alice.PublicKey));            // set of height 2
        var s2 = Applied(s1, chain.NextBlock(s1).Seal());
        Assert.True(s2.Validators.Contains(Keys.Alice.PublicKey));             // set of height 3
        Assert.False(s2.ValidatorsAt(2)!.Contains(Keys.Alice.PublicKey));
        Assert.True(s2.ValidatorsAt(3)!.Contains(Keys.Alice.PublicKey));

        // Block 3's header must name the set with Alice, and the commit is checked against it.
        var block3 = chain.NextBlock(s2).Seal();
        Assert.Equal(s2.Validators.Hash, block3.Header.ValidatorSetHash);
        Applied(s2, block3);
    }

    [Fact]
    public void A_header_should_be_refused_when_it_names_the_set_that_takes_effect_only_later()
    {
        var chain = Chain(validators: 1);
        var stake = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Stake(Thousand);
        var s1 = Applied(chain.State, chain.NextBlock().With(stake).Seal());
        Assert.NotEqual(s1.Validators.Hash, s1.StakedValidators.Hash);

        var tooSoon = chain.NextBlock(s1).RawWith(h => Headers.With(h, validatorSetHash: s1.StakedValidators.Hash));

        Assert.Equal(LedgerErrorCode.WrongValidatorSet, LedgerTransition.Apply(s1, tooSoon).Error!.Code);
    }

    [Fact]
    public void A_full_unstake_should_leave_the_validator_set_two_heights_after_its_block()
    {
        var chain = Build.Chain().WithValidators(4).WithParameters(p => p with { UnbondingNanos = Unbonding5s }).Build();
        var leaving = chain.ValidatorKeys[3];
        var s1 = Applied(chain.State, chain.NextBlock().With(
            Build.Transaction().By(leaving).SignedAt(Moments.AfterGenesis(100)).Unstake(Amount.FromRoko(32_000))).Seal());
        Assert.True(s1.Validators.Contains(leaving.PublicKey), "still a validator of height 2");
        // Height 2 still counts its stake: a commit by the other three alone (3/4 of stake) still makes the quorum.
        var s2 = Applied(s1, chain.NextBlock(s1).SignedBy([.. chain.ValidatorKeys.Take(3)]).Seal());
        Assert.False(s2.Validators.Contains(leaving.PublicKey), "gone from height 3");
        Assert.Equal(3, s2.Validators.Count);
        Assert.Equal(Amount.FromRoko(32_000), Unbonding.Of(s2, leaving.PublicKey));

        // Its signature on block 3 no longer counts: the certificate is refused.
        var signedByLeaver = chain.NextBlock(s2).SignedBy([.. chain.ValidatorKeys]).Seal();
        Assert.Equal(LedgerErrorCode.InvalidCommit, LedgerTransition.Apply(s2, signedByLeaver).Error!.Code);
    }

    [Fact]
    public void A_snapshot_should_keep_unbonding_tombstones_and_the_validator_history()
    {
        var chain = Chain(validators: 1);
        var s1 = Applied(chain.State, chain.NextBlock().With(
            Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Stake(Amount.FromRoko(2000)),
            Build.Transaction().By(chain.ValidatorKeys[0]).SignedAt(Moments.AfterGenesis(200)).Unstake(Thousand)).Seal());
        var s2 = Applied(s1, chain.NextBlock(s1).Seal()) with { Tombstoned = [Keys.Mallory.PublicKey] };

        var decoded = LedgerStateCodec.Decode(LedgerStateCodec.Encode(s2));

        Assert.Equal(s2, decoded);
        Assert.Equal(s2.ComputeStateRoot(), decoded.ComputeStateRoot());
        Assert.Equal(2, decoded.ValidatorHistory.Length);
        Assert.Equal(s2.ValidatorsAt(2)!.Hash, decoded.ValidatorsAt(2)!.Hash);
    }
}
