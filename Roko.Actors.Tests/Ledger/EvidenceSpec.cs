using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

/// <summary>Evidence transactions: validation with a named reason for each refusal, and slashing through the ledger.</summary>
public sealed class EvidenceSpec
{
    private static readonly Amount Stake = Amount.FromRoko(32_000);

    private static TestChain Chain(Func<ChainParameters, ChainParameters>? parameters = null) =>
        Build.Chain().WithValidators(4).WithParameters(parameters ?? (p => p with { UnbondingNanos = Moments.Seconds(5) })).Build();

    private static LedgerState Applied(LedgerState state, Block block)
    {
        var result = LedgerTransition.Apply(state, block);
        Assert.True(result.IsValid, result.Error?.ToString());
        return result.State!;
    }

    private static Vote VoteFor(SigningKey key, string block, ulong height = 1, uint round = 0, string chainId = ChainBuilder.DefaultChainId,
        VoteType type = VoteType.Prevote) =>
        Vote.Create(type, chainId, height, round, Sha256.Hash(System.Text.Encoding.UTF8.GetBytes(block)),
            NanoInterval.Around(Moments.AfterGenesis(500), Moments.Millis(1)), key);

    public static DuplicateVoteEvidence Equivocation(SigningKey key, ulong height = 1, string chainId = ChainBuilder.DefaultChainId) =>
        DuplicateVoteEvidence.Create(VoteFor(key, "a", height, chainId: chainId), VoteFor(key, "b", height, chainId: chainId));

    private static Transaction Report(DuplicateVoteEvidence evidence, long afterGenesisMillis = 1500) =>
        Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(afterGenesisMillis)).With(new EvidencePayload(evidence));

    /// <summary>The state after block 1 (an empty one), where evidence about height 1 can be committed in block 2.</summary>
    private static (TestChain Chain, LedgerState State) AfterOneBlock(Func<ChainParameters, ChainParameters>? parameters = null)
    {
        var chain = Chain(parameters);
        return (chain, Applied(chain.State, chain.NextBlock().Seal()));
    }

    [Fact]
    public void An_evidence_transaction_should_round_trip_through_its_compact_encoding()
    {
        var tx = Report(Equivocation(Keys.Validator(2)));
        var decoded = Transaction.Decode(tx.Encode());
        Assert.Equal(tx, decoded);
        Assert.True(decoded.VerifySignature());
        Assert.Null(((EvidencePayload)decoded.Payload).Evidence.Verify());
        Assert.True(tx.Encode().Length <= Transaction.MaxEncodedSize);
    }

    [Fact]
    public void Committed_evidence_should_slash_the_stake_tombstone_the_key_and_remove_the_validator_from_the_next_height()
    {
        var (chain, s1) = AfterOneBlock();
        var cheater = chain.ValidatorKeys[2];

        var block = chain.NextBlock(s1).With(Report(Equivocation(cheater))).Seal();
        Assert.Single(block.Transactions);
        var s2 = Applied(s1, block);

        Assert.False(s2.Stakes.ContainsKey(cheater.PublicKey));
        Assert.Contains(cheater.PublicKey, s2.Tombstoned);
        Assert.False(s2.Validators.Contains(cheater.PublicKey), "slashed validators leave from the next height");
        Assert.Equal(3, s2.Validators.Count);
        Assert.True(s2.ValidatorsAt(2)!.Contains(cheater.PublicKey), "the history still says it was a validator of height 2");
        // 5 % burnt; the rest unbonds (not paid out at once, and not before the lock or the report).
        Assert.Equal(Amount.FromRoko(30_400), Unbonding.Of(s2, cheater.PublicKey));
        Assert.Equal(Amount.Zero, s2.BalanceOf(cheater.PublicKey.ToAddress()));
        // The next block is checked against the reduced set: the cheater's signature is refused there.
        var withCheater = chain.NextBlock(s2).SignedBy([.. chain.ValidatorKeys]).Seal();
        Assert.Equal(LedgerErrorCode.InvalidCommit, LedgerTransition.Apply(s2, withCheater).Error!.Code);
        Applied(s2, chain.NextBlock(s2).SignedBy([.. chain.ValidatorKeys.Where(k => k != cheater)]).Seal());
    }

    [Fact]
    public void Block_assembly_should_keep_one_report_per_offence_and_leave_the_rest_out_as_already_punished()
    {
        var (chain, s1) = AfterOneBlock();
        var cheater = chain.ValidatorKeys[1];
        var first = Report(Equivocation(cheater), 1500);
        var second = Build.Transaction().By(Keys.Bob).SignedAt(Moments.AfterGenesis(1600)).With(new EvidencePayload(Equivocation(cheater)));

        var assembled = chain.NextBlock(s1).With(first, second).Assemble();

        Assert.Equal(first, Assert.Single(assembled.Transactions));
        Assert.Equal(LedgerErrorCode.EvidenceAlreadyPunished, Assert.Single(assembled.Excluded).Reason.Code);
    }

    public static TheoryData<string, LedgerErrorCode> Rejections => new()
    {
        { "mismatched votes", LedgerErrorCode.EvidenceMismatchedVotes },
        { "same block", LedgerErrorCode.EvidenceNotConflicting },
        { "other chain", LedgerErrorCode.EvidenceWrongChain },
        { "future height", LedgerErrorCode.EvidenceFromTheFuture },
        { "too old", LedgerErrorCode.EvidenceTooOld },
        { "not a validator", LedgerErrorCode.EvidenceNotAValidator },
        { "already punished", LedgerErrorCode.EvidenceAlreadyPunished },
        { "bad signature", LedgerErrorCode.EvidenceBadSignature },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Evidence_should_be_refused_with_a_named_reason_when_it_breaks_a_rule(string rule, LedgerErrorCode expected)
    {
        var (chain, state) = AfterOneBlock(p => p with { EvidenceMaxAgeHeights = 3 });
        var v = chain.ValidatorKeys[0];
        var evidence = rule switch
        {
            "mismatched votes" => DuplicateVoteEvidence.Create(VoteFor(v, "a"), VoteFor(v, "b", round: 1)),
            "same block" => DuplicateVoteEvidence.Create(VoteFor(v, "a"), VoteFor(v, "a") with { Clock = NanoInterval.Around(Moments.AfterGenesis(600), 1) }),
            "other chain" => Equivocation(v, chainId: "another-chain"),
            "future height" => Equivocation(v, height: 3),
            "not a validator" => Equivocation(Keys.Mallory),
            "bad signature" => DuplicateVoteEvidence.Create(VoteFor(v, "a"), VoteFor(v, "b") with { Signature = VoteFor(v, "a").Signature }),
            _ => Equivocation(v),
        };
        if (rule == "too old")
            for (int i = 0; i < 3; i++) state = Applied(state, chain.NextBlock(state).Seal()); // block 5 may name heights >= 2 only
        if (rule == "already punished") state = state with { Tombstoned = state.Tombstoned.Add(v.PublicKey) };

        var error = EvidenceCheck.Check(state, evidence);

        Assert.NotNull(error);
        Assert.Equal(expected, error.Code);
    }

    [Fact]
    public void A_block_with_invalid_evidence_should_be_refused_and_change_nothing()
    {
        var (chain, s1) = AfterOneBlock();
        var block = chain.NextBlock(s1).With(Report(Equivocation(Keys.Mallory))).Raw();
        var before = LedgerStateCodec.Encode(s1);

        var result = LedgerTransition.Apply(s1, block);

        Assert.Equal(LedgerErrorCode.EvidenceNotAValidator, result.Error!.Code);
        Assert.Equal(0, result.Error.TransactionIndex);
        Assert.Equal(before, LedgerStateCodec.Encode(s1));
    }

    [Fact]
    public void A_slashed_key_should_never_stake_again()
    {
        var (chain, s1) = AfterOneBlock();
        var cheater = chain.ValidatorKeys[3];
        var s2 = Applied(s1, chain.NextBlock(s1).With(Report(Equivocation(cheater))).Seal());
        var restake = Build.Transaction().By(cheater).SignedAt(s2.LastCutoff.AddNanoseconds(1)).Stake(Amount.FromRoko(1000));

        var assembled = chain.NextBlock(s2).SignedBy([.. chain.ValidatorKeys.Take(3)]).With(restake).Assemble();

        Assert.Equal(LedgerErrorCode.Tombstoned, Assert.Single(assembled.Excluded).Reason.Code);
    }
}
