using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public class LedgerTransitionSpec
{
    private static readonly Amount Thousand = Amount.FromRoko(1000);

    private static TestChain Chain(int validators = 1, Func<ChainParameters, ChainParameters>? parameters = null) =>
        Build.Chain().WithValidators(validators).Funding(Keys.Alice, Thousand).Funding(Keys.Bob, Amount.FromRoko(10))
            .WithParameters(parameters ?? (p => p)).Build();

    private static LedgerState Applied(LedgerState state, Block block)
    {
        var result = LedgerTransition.Apply(state, block);
        Assert.True(result.IsValid, result.Error?.ToString());
        return result.State!;
    }

    /// <summary>Applies, expects <paramref name="code"/>, and checks the input state is untouched.</summary>
    private static LedgerError Refused(LedgerState state, Block block, LedgerErrorCode code)
    {
        var rootBefore = state.ComputeStateRoot();
        var snapshotBefore = LedgerStateCodec.Encode(state);
        var result = LedgerTransition.Apply(state, block);
        Assert.False(result.IsValid, $"expected {code}, the block applied");
        Assert.Null(result.State);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(rootBefore, state.ComputeStateRoot());
        Assert.Equal(snapshotBefore, LedgerStateCodec.Encode(state));
        return result.Error;
    }

    // ---- happy paths ----

    [Fact]
    public void Apply_should_move_balances_for_transfers_and_advance_the_tip()
    {
        var chain = Chain();
        var block = chain.NextBlock().With(
            Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Transfer(Keys.Bob, Amount.FromRoko(30)),
            Build.Transaction().By(Keys.Bob).SignedAt(Moments.AfterGenesis(200)).Transfer(Keys.Carol, Amount.FromRoko(35))).Seal();
        var next = Applied(chain.State, block);
        Assert.Equal(Amount.FromRoko(970), next.BalanceOf(Keys.Alice.PublicKey.ToAddress()));
        Assert.Equal(Amount.FromRoko(5), next.BalanceOf(Keys.Bob.PublicKey.ToAddress()));
        Assert.Equal(Amount.FromRoko(35), next.BalanceOf(Keys.Carol.PublicKey.ToAddress()));
        Assert.Equal(1UL, next.Height);
        Assert.Equal(block.Hash, next.LastBlockHash);
        Assert.Equal(block.Header.Cutoff, next.LastCutoff);
        Assert.Equal(block.Header.BlockTime, next.LastBlockTime);
        Assert.Equal(block.Header.StateRoot, next.ComputeStateRoot());
    }

    [Fact]
    public void Apply_should_accept_an_empty_block()
    {
        var chain = Chain();
        var next = Applied(chain.State, chain.NextBlock().Seal());
        Assert.Equal(chain.State.Balances, next.Balances);
        Assert.Equal(1UL, next.Height);
    }

    [Fact]
    public void Apply_should_lock_stake_make_a_validator_two_heights_later_and_unbond_it_after_the_lock()
    {
        var chain = Chain();
        var stake = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(100)).Stake(Thousand, "na");
        var s1 = Applied(chain.State, chain.NextBlock().With(stake).Seal());
        Assert.Equal(Amount.Zero, s1.BalanceOf(Keys.Alice.PublicKey.ToAddress()));
        var entry = s1.Stakes[Keys.Alice.PublicKey];
        Assert.Equal(new StakeEntry(Thousand, stake.Timestamp.AddNanoseconds(s1.Parameters.StakeLockNanos), "na"), entry);
        Assert.False(s1.Validators.Contains(Keys.Alice.PublicKey), "the set of height 2 was fixed by the state after genesis");
        Assert.True(s1.StakedValidators.Contains(Keys.Alice.PublicKey), "a new staker at the minimum joins the set of height 3");
        Assert.Equal(LedgerStateCodec.Decode(LedgerStateCodec.Encode(s1)).Validators.Hash, s1.Validators.Hash);

        var tooEarly = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(1500)).Unstake(Thousand);
        Refused(s1, chain.NextBlock(s1).With(tooEarly).CutoffAt(Moments.AfterGenesis(2000)).Raw(), LedgerErrorCode.StakeLocked);

        var afterLock = entry.LockedUntil;
        var unstake = Build.Transaction().By(Keys.Alice).SignedAt(afterLock).Unstake(Thousand);
        var s2 = Applied(s1, chain.NextBlock(s1).With(unstake).CutoffAt(afterLock).Seal());
        Assert.Equal(Amount.Zero, s2.BalanceOf(Keys.Alice.PublicKey.ToAddress()));
        Assert.Equal(Thousand, Unbonding.Of(s2, Keys.Alice.PublicKey));
        Assert.False(s2.Stakes.ContainsKey(Keys.Alice.PublicKey));
    }

    [Fact]
    public void Apply_should_let_a_genesis_validator_unstake_part_of_its_stake()
    {
        var chain = Chain();
        var v = chain.ValidatorKeys[0];
        var unstake = Build.Transaction().By(v).Unstake(Amount.FromRoko(1000));
        var next = Applied(chain.State, chain.NextBlock().With(unstake).Seal());
        Assert.Equal(Amount.FromRoko(31_000), next.Stakes[v.PublicKey].Amount);
        Assert.Equal(Amount.Zero, next.BalanceOf(v.PublicKey.ToAddress()));
        Assert.Equal(Amount.FromRoko(1000), Unbonding.Of(next, v.PublicKey));
    }

    [Fact]
    public void Apply_should_chain_several_blocks()
    {
        var chain = Chain();
        var state = chain.State;
        for (int i = 1; i <= 3; i++)
        {
            var tx = Build.Transaction().By(Keys.Alice).SignedAt(state.LastCutoff.AddNanoseconds(1)).Transfer(Keys.Bob, Amount.FromRoko(1));
            state = Applied(state, chain.NextBlock(state).With(tx).Seal());
        }
        Assert.Equal(3UL, state.Height);
        Assert.Equal(Amount.FromRoko(13), state.BalanceOf(Keys.Bob.PublicKey.ToAddress()));
    }

    // ---- header rules ----

    [Fact]
    public void Apply_should_refuse_a_block_for_another_chain() =>
        Refused(Chain().State, Chain().NextBlock().RawWith(h => Headers.With(h, chainId: "other")), LedgerErrorCode.WrongChain);

    [Fact]
    public void Apply_should_refuse_a_block_at_the_wrong_height() =>
        Refused(Chain().State, Chain().NextBlock().RawWith(h => Headers.With(h, height: 2)), LedgerErrorCode.WrongHeight);

    [Fact]
    public void Apply_should_refuse_a_block_with_the_wrong_previous_hash() =>
        Refused(Chain().State, Chain().NextBlock().RawWith(h => Headers.With(h, previousHash: Hash32.Zero)), LedgerErrorCode.WrongPreviousHash);

    [Fact]
    public void Apply_should_refuse_a_cutoff_that_does_not_advance()
    {
        var chain = Chain();
        Refused(chain.State, chain.NextBlock().CutoffAt(chain.State.LastCutoff).Raw(), LedgerErrorCode.CutoffNotAdvancing);
        Refused(chain.State, chain.NextBlock().CutoffAt(chain.State.LastCutoff.AddNanoseconds(-1)).Raw(), LedgerErrorCode.CutoffNotAdvancing);
    }

    [Fact]
    public void Apply_should_refuse_a_block_time_before_the_cutoff_or_not_after_the_last_block_time()
    {
        var chain = Chain();
        var error = Refused(chain.State, chain.NextBlock().CutoffAt(Moments.AfterGenesis(1000)).At(Moments.AfterGenesis(999)).Raw(),
            LedgerErrorCode.BlockTimeInvalid);
        Assert.Contains("before its cutoff", error.Message);

        var s1 = Applied(chain.State, chain.NextBlock().CutoffAt(Moments.AfterGenesis(1000)).At(Moments.AfterGenesis(5000)).Seal());
        error = Refused(s1, chain.NextBlock(s1).CutoffAt(Moments.AfterGenesis(2000)).At(Moments.AfterGenesis(5000)).Raw(),
            LedgerErrorCode.BlockTimeInvalid);
        Assert.Contains("is not after", error.Message);
    }

    [Fact]
    public void Apply_should_refuse_a_block_naming_another_validator_set() =>
        Refused(Chain().State, Chain().NextBlock().RawWith(h => Headers.With(h, validatorSetHash: Hash32.Zero)), LedgerErrorCode.WrongValidatorSet);

    [Fact]
    public void Apply_should_refuse_a_proposer_that_is_not_a_validator() =>
        Refused(Chain().State, Chain().NextBlock().ProposedBy(Keys.Mallory).Raw(), LedgerErrorCode.UnknownProposer);

    [Fact]
    public void Apply_should_refuse_more_transactions_than_the_block_limit()
    {
        var chain = Chain(parameters: p => p with { MaxTransactionsPerBlock = 2 });
        var txs = Enumerable.Range(1, 3).Select(i => Build.Transaction().SignedAt(Moments.AfterGenesis(i)).Transfer(Keys.Bob, new Amount(1))).ToArray();
        Refused(chain.State, chain.NextBlock().With(txs).Raw(), LedgerErrorCode.TooManyTransactions);
    }

    [Fact]
    public void Apply_should_refuse_a_block_over_the_byte_limit()
    {
        var chain = Chain(parameters: p => p with { MaxBlockBytes = Block.MinimumSize });
        var txs = Enumerable.Range(1, 8).Select(i => Build.Transaction().SignedAt(Moments.AfterGenesis(i)).Transfer(Keys.Bob, new Amount(1))).ToArray();
        Refused(chain.State, chain.NextBlock().With(txs).Raw(), LedgerErrorCode.BlockTooLarge);
    }

    [Fact]
    public void Apply_should_refuse_a_transaction_root_that_does_not_match() =>
        Refused(Chain().State, Chain().NextBlock().With(Build.Transaction().Transfer(Keys.Bob, new Amount(1)))
            .RawWith(h => Headers.With(h, txRoot: MerkleTree.EmptyRoot)), LedgerErrorCode.TransactionRootMismatch);

    [Fact]
    public void Apply_should_refuse_a_state_root_that_does_not_match()
    {
        var chain = Chain();
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().Transfer(Keys.Bob, new Amount(1))).Raw(), LedgerErrorCode.StateRootMismatch);
        Refused(chain.State, chain.NextBlock().Raw(stateRoot: Hash32.Zero), LedgerErrorCode.StateRootMismatch);
    }

    // ---- commit certificate ----

    [Fact]
    public void Apply_should_accept_a_commit_from_more_than_two_thirds_of_the_stake()
    {
        var chain = Chain(validators: 4);
        Applied(chain.State, chain.NextBlock().SignedBy([.. chain.ValidatorKeys.Take(3)]).Seal());
    }

    [Fact]
    public void Apply_should_refuse_a_commit_with_no_signatures()
    {
        var chain = Chain(validators: 4);
        var error = Refused(chain.State, chain.NextBlock().SignedBy().Seal(), LedgerErrorCode.InvalidCommit);
        Assert.Contains("not more than two thirds", error.Message);
    }

    [Fact]
    public void Apply_should_refuse_a_commit_at_exactly_two_thirds_or_below()
    {
        var chain = Chain(validators: 3);
        Refused(chain.State, chain.NextBlock().SignedBy([.. chain.ValidatorKeys.Take(2)]).Seal(), LedgerErrorCode.InvalidCommit);
        var four = Chain(validators: 4);
        Refused(four.State, four.NextBlock().SignedBy([.. four.ValidatorKeys.Take(2)]).Seal(), LedgerErrorCode.InvalidCommit);
    }

    [Fact]
    public void Apply_should_refuse_a_commit_signed_by_a_non_validator()
    {
        var chain = Chain(validators: 4);
        var error = Refused(chain.State, chain.NextBlock().SignedBy([.. chain.ValidatorKeys, Keys.Mallory]).Seal(), LedgerErrorCode.InvalidCommit);
        Assert.Contains("not in the validator set", error.Message);
    }

    [Fact]
    public void Apply_should_refuse_a_commit_with_a_bad_signature()
    {
        var chain = Chain(validators: 4);
        var block = chain.NextBlock().Seal();
        var sigs = block.Commit.Signatures;
        var forged = sigs.SetItem(0, sigs[0] with { Signature = sigs[1].Signature });
        var error = Refused(chain.State, block with { Commit = block.Commit with { Signatures = forged } }, LedgerErrorCode.InvalidCommit);
        Assert.Contains("bad precommit signature", error.Message);
    }

    [Fact]
    public void Apply_should_refuse_a_commit_for_another_block_or_height()
    {
        var chain = Chain();
        var block = chain.NextBlock().Seal();
        Refused(chain.State, block with { Commit = block.Commit with { BlockHash = Hash32.Zero } }, LedgerErrorCode.InvalidCommit);
        Refused(chain.State, block with { Commit = block.Commit with { Height = 7 } }, LedgerErrorCode.InvalidCommit);
    }

    [Fact]
    public void Apply_should_refuse_a_commit_with_repeated_signers()
    {
        var chain = Chain(validators: 4);
        var block = chain.NextBlock().Seal();
        var sigs = block.Commit.Signatures;
        var repeated = ImmutableArray.Create(sigs[0], sigs[0], sigs[1], sigs[2]);
        var error = Refused(chain.State, block with { Commit = block.Commit with { Signatures = repeated } }, LedgerErrorCode.InvalidCommit);
        Assert.Contains("repeat", error.Message);
    }

    // ---- transaction rules ----

    [Fact]
    public void Apply_should_refuse_a_transaction_for_another_chain()
    {
        var error = Refused(Chain().State, Chain().NextBlock().With(Build.Transaction().OnChain("other").Transfer(Keys.Bob, new Amount(1))).Raw(),
            LedgerErrorCode.TransactionWrongChain);
        Assert.Equal(0, error.TransactionIndex);
    }

    [Fact]
    public void Apply_should_refuse_a_transaction_outside_the_time_slice()
    {
        var chain = Chain();
        var atCutoff = chain.State.LastCutoff;
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().SignedAt(atCutoff).Transfer(Keys.Bob, new Amount(1))).Raw(),
            LedgerErrorCode.TransactionOutsideSlice);
        Refused(chain.State, chain.NextBlock().CutoffAt(Moments.AfterGenesis(50))
                .With(Build.Transaction().SignedAt(Moments.AfterGenesis(50, 1)).Transfer(Keys.Bob, new Amount(1))).Raw(),
            LedgerErrorCode.TransactionOutsideSlice);
    }

    [Fact]
    public void Apply_should_refuse_transactions_out_of_timestamp_order()
    {
        var first = Build.Transaction().SignedAt(Moments.AfterGenesis(1)).Transfer(Keys.Bob, new Amount(1));
        var second = Build.Transaction().SignedAt(Moments.AfterGenesis(2)).Transfer(Keys.Bob, new Amount(1));
        var error = Refused(Chain().State, Chain().NextBlock().With(second, first).Raw(), LedgerErrorCode.TransactionOutOfOrder);
        Assert.Equal(1, error.TransactionIndex);
    }

    [Fact]
    public void Apply_should_refuse_two_different_transactions_in_one_nanosecond_slot()
    {
        var t = Moments.AfterGenesis(1);
        var a = Build.Transaction().By(Keys.Alice).SignedAt(t).Transfer(Keys.Bob, new Amount(1));
        var b = Build.Transaction().By(Keys.Bob).SignedAt(t).Transfer(Keys.Alice, new Amount(1));
        var ordered = new[] { a, b }.Order(Comparer<Transaction>.Create(Transaction.CompareByTime)).ToArray();
        var error = Refused(Chain().State, Chain().NextBlock().With(ordered).Raw(), LedgerErrorCode.SlotTaken);
        Assert.Equal(1, error.TransactionIndex);
    }

    [Fact]
    public void Apply_should_refuse_a_transaction_older_than_the_maximum_age_at_block_time()
    {
        var chain = Chain();
        var old = Build.Transaction().SignedAt(Moments.AfterGenesis(1000)).Transfer(Keys.Bob, new Amount(1));
        var late = Moments.AfterGenesis(1000).AddNanoseconds(chain.State.Parameters.TransactionMaxAgeNanos + 1);
        Refused(chain.State, chain.NextBlock().With(old).CutoffAt(late).Raw(), LedgerErrorCode.TransactionTooOld);
    }

    [Fact]
    public void Apply_should_refuse_a_transaction_with_a_bad_signature()
    {
        var good = Build.Transaction().Transfer(Keys.Bob, new Amount(1));
        var bad = new Transaction(good.ChainId, good.Signer, good.Timestamp, good.Payload, Keys.Alice.Sign([0]));
        Refused(Chain().State, Chain().NextBlock().With(bad).Raw(), LedgerErrorCode.BadSignature);
    }

    public static TheoryData<string> ZeroAmounts => ["transfer", "stake", "unstake"];

    [Theory]
    [MemberData(nameof(ZeroAmounts))]
    public void Apply_should_refuse_a_zero_amount(string kind)
    {
        var chain = Chain();
        var b = Build.Transaction().By(kind == "unstake" ? chain.ValidatorKeys[0] : Keys.Alice);
        var tx = kind switch
        {
            "transfer" => b.Transfer(Keys.Bob, Amount.Zero),
            "stake" => b.Stake(Amount.Zero),
            _ => b.Unstake(Amount.Zero),
        };
        Refused(chain.State, chain.NextBlock().With(tx).Raw(), LedgerErrorCode.ZeroAmount);
    }

    [Fact]
    public void Apply_should_refuse_spending_more_than_the_balance()
    {
        var chain = Chain();
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(Keys.Bob).Transfer(Keys.Alice, Amount.FromRoko(11))).Raw(),
            LedgerErrorCode.InsufficientBalance);
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(Keys.Carol).Transfer(Keys.Alice, new Amount(1))).Raw(),
            LedgerErrorCode.InsufficientBalance);
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(Keys.Bob).Stake(Thousand)).Raw(),
            LedgerErrorCode.InsufficientBalance);
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(chain.ValidatorKeys[0]).Unstake(Amount.FromRoko(32_001))).Raw(),
            LedgerErrorCode.InsufficientStake);
    }

    [Fact]
    public void Apply_should_refuse_the_second_spend_that_the_first_made_unaffordable()
    {
        var first = Build.Transaction().By(Keys.Bob).SignedAt(Moments.AfterGenesis(1)).Transfer(Keys.Alice, Amount.FromRoko(6));
        var second = Build.Transaction().By(Keys.Bob).SignedAt(Moments.AfterGenesis(2)).Transfer(Keys.Alice, Amount.FromRoko(6));
        var error = Refused(Chain().State, Chain().NextBlock().With(first, second).Raw(), LedgerErrorCode.InsufficientBalance);
        Assert.Equal(1, error.TransactionIndex);
    }

    [Fact]
    public void Apply_should_refuse_a_stake_below_the_minimum()
    {
        var chain = Chain();
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(Keys.Alice).Stake(Amount.FromRoko(999))).Raw(),
            LedgerErrorCode.BelowMinimumStake);
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(chain.ValidatorKeys[0]).Unstake(Amount.FromRoko(31_500))).Raw(),
            LedgerErrorCode.BelowMinimumStake);
    }

    [Fact]
    public void Apply_should_refuse_unstaking_a_locked_stake()
    {
        var chain = Build.Chain().WithValidators(1, lockedUntil: Moments.AfterGenesis(10_000)).Build();
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(chain.ValidatorKeys[0]).Unstake(Thousand)).Raw(),
            LedgerErrorCode.StakeLocked);
    }

    [Fact]
    public void Apply_should_refuse_unstaking_without_a_stake() =>
        Refused(Chain().State, Chain().NextBlock().With(Build.Transaction().By(Keys.Alice).Unstake(Thousand)).Raw(), LedgerErrorCode.NoStake);

    [Fact]
    public void Apply_should_refuse_a_transfer_that_would_overflow_the_recipient()
    {
        var chain = Build.Chain().Funding(Keys.Alice, Thousand).Funding(Keys.Bob, Amount.MaxValue).Build();
        Refused(chain.State, chain.NextBlock().With(Build.Transaction().By(Keys.Alice).Transfer(Keys.Bob, new Amount(1))).Raw(),
            LedgerErrorCode.AmountOverflow);
    }

    [Fact]
    public void Apply_should_refuse_a_stake_in_an_unknown_region() =>
        Refused(Chain().State, Chain().NextBlock().With(Build.Transaction().By(Keys.Alice).Stake(Thousand, "mars")).Raw(), LedgerErrorCode.UnknownRegion);

    [Fact]
    public void LedgerError_should_print_the_transaction_index_when_a_transaction_is_at_fault()
    {
        Assert.Equal("SlotTaken (transaction 3): x", new LedgerError(LedgerErrorCode.SlotTaken, "x", 3).ToString());
        Assert.Equal("WrongChain: y", new LedgerError(LedgerErrorCode.WrongChain, "y").ToString());
    }
}
