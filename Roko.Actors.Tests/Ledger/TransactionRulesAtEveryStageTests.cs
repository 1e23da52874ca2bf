using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

/// <summary>
/// Every ledger rule for a transaction's effect (<see cref="TransactionExecution.Check"/>), judged the same at every stage
/// that uses it: admission refuses it with the matching code and reserves nothing (a transaction the ledger would refuse
/// must not get a 202 and then vanish), block assembly leaves it out with the ledger's reason, and a block holding it is
/// refused when applied. One row per rule.
/// </summary>
public sealed class TransactionRulesAtEveryStageTests
{
    private static readonly Amount Thousand = Amount.FromRoko(1000);
    private static readonly NanoMoment SignedAt = Moments.AfterGenesis(900);
    private static readonly MempoolLimits Limits = new(MaxTransactions: 100, MaxPerSender: 10,
        WindowPastNanos: Moments.Seconds(10), WindowFutureNanos: Moments.Seconds(2));
    private static readonly NanoInterval Now = NanoInterval.Around(Moments.AfterGenesis(1000), Moments.Millis(1));

    /// <summary>One validator (Keys.Validator(0), 32,000 ROKO staked, unlocked unless asked), Alice funded with 1,000 and Bob with 10.</summary>
    private static TestChain Chain(NanoMoment? lockedUntil = null) =>
        Build.Chain().WithValidators(1, lockedUntil: lockedUntil).Funding(Keys.Alice, Thousand).Funding(Keys.Bob, Amount.FromRoko(10)).Build();

    public static TheoryData<string> Rules => [.. Cases.Keys];

    private static readonly Dictionary<string, Func<(LedgerState State, Transaction Tx, LedgerErrorCode Ledger, AdmissionCode Admission)>> Cases = new()
    {
        ["transfer of more than the balance"] = () => (Chain().State,
            Build.Transaction().By(Keys.Bob).SignedAt(SignedAt).Transfer(Keys.Alice, Amount.FromRoko(11)),
            LedgerErrorCode.InsufficientBalance, AdmissionCode.InsufficientBalance),
        ["stake of zero"] = () => (Chain().State,
            Build.Transaction().By(Keys.Alice).SignedAt(SignedAt).Stake(Amount.Zero),
            LedgerErrorCode.ZeroAmount, AdmissionCode.ZeroAmount),
        ["stake below the minimum"] = () => (Chain().State,
            Build.Transaction().By(Keys.Alice).SignedAt(SignedAt).Stake(Amount.FromRoko(999)),
            LedgerErrorCode.BelowMinimumStake, AdmissionCode.BelowMinimumStake),
        ["stake in an unknown region"] = () => (Chain().State,
            Build.Transaction().By(Keys.Alice).SignedAt(SignedAt).Stake(Thousand, region: "moon"),
            LedgerErrorCode.UnknownRegion, AdmissionCode.UnknownRegion),
        ["stake by a tombstoned key"] = () =>
        {
            var state = Chain().State;
            return (state with { Tombstoned = state.Tombstoned.Add(Keys.Alice.PublicKey) },
                Build.Transaction().By(Keys.Alice).SignedAt(SignedAt).Stake(Thousand),
                LedgerErrorCode.Tombstoned, AdmissionCode.Tombstoned);
        },
        ["stake of more than the balance"] = () => (Chain().State,
            Build.Transaction().By(Keys.Bob).SignedAt(SignedAt).Stake(Thousand),
            LedgerErrorCode.InsufficientBalance, AdmissionCode.InsufficientBalance),
        ["unstake without a stake"] = () => (Chain().State,
            Build.Transaction().By(Keys.Alice).SignedAt(SignedAt).Unstake(Thousand),
            LedgerErrorCode.NoStake, AdmissionCode.NoStake),
        ["unstake of a locked stake"] = () => (Chain(lockedUntil: Moments.AfterGenesis(10_000)).State,
            Build.Transaction().By(Keys.Validator(0)).SignedAt(SignedAt).Unstake(Thousand),
            LedgerErrorCode.StakeLocked, AdmissionCode.StakeLocked),
        ["unstake of more than the stake"] = () => (Chain().State,
            Build.Transaction().By(Keys.Validator(0)).SignedAt(SignedAt).Unstake(Amount.FromRoko(32_001)),
            LedgerErrorCode.InsufficientStake, AdmissionCode.InsufficientStake),
        ["unstake leaving less than the minimum"] = () => (Chain().State,
            Build.Transaction().By(Keys.Validator(0)).SignedAt(SignedAt).Unstake(Amount.FromRoko(31_500)),
            LedgerErrorCode.BelowMinimumStake, AdmissionCode.BelowMinimumStake),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_ledger_rule_should_refuse_it_without_changing_the_state(string rule)
    {
        var (state, tx, code, _) = Cases[rule]();
        Assert.Equal(code, TransactionExecution.Check(state, tx)?.Code);
        var (after, error) = TransactionExecution.Execute(state, tx);
        Assert.Equal(code, error?.Code);
        Assert.Same(state, after);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Admission_should_refuse_it_with_the_matching_code_and_reserve_nothing(string rule)
    {
        var (state, tx, _, code) = Cases[rule]();
        var front = new MempoolFront(Limits, state);

        var result = front.Reserve(tx, Now);

        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(0, front.Reserved);
        Assert.Equal(Amount.Zero, front.PendingSpendOf(tx.Sender));
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Block_assembly_should_leave_it_out_with_the_ledger_reason(string rule)
    {
        var (state, tx, code, _) = Cases[rule]();

        var assembled = BlockAssembly.Assemble(state, [tx], cutoff: Moments.AfterGenesis(950), blockTime: Moments.AfterGenesis(1000),
            proposer: Keys.Validator(0).PublicKey);

        Assert.Empty(assembled.Transactions);
        Assert.Equal(code, Assert.Single(assembled.Excluded).Reason.Code);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_block_holding_it_should_be_refused_when_applied(string rule)
    {
        var (state, tx, code, _) = Cases[rule]();
        var block = new BlockBuilder(state, [Keys.Validator(0)]).With(tx).Raw();

        var result = LedgerTransition.Apply(state, block);

        Assert.False(result.IsValid);
        Assert.Equal(code, result.Error!.Code);
    }
}
