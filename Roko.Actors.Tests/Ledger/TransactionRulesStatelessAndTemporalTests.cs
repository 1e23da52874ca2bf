using Roko.Actors.Api;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

/// <summary>
/// The stateless and temporal rules of <see cref="TransactionRules"/> (the stateful ones are
/// <see cref="TransactionRulesAtEveryStageTests"/>'), one table a stage, one row a rule the stage applies:
/// <list type="bullet">
/// <item>Request mapping (<see cref="TransactionRequestMapping.ToTransaction"/>): the shape of each field, naming it.
/// Nothing else: whether the chain, signature or time are acceptable is the mempool's call.</item>
/// <item>Front (<see cref="MempoolFront.Reserve"/>): chain, window (expired, too far in the future), stale, replay of a
/// pending transaction, and the chain's maximum age for the next block. Not the signature (the shards verify it, in
/// parallel), not the slot (shards split by timestamp, so both claimants of a nanosecond meet in one shard), not the
/// block's slice or order (no block yet).</item>
/// <item>Pool (<see cref="TemporalPool.Admit"/>): signature, window, stale, slot, replay of a seen transaction. Not the
/// chain nor the maximum age (the front's, which has the tip; the pool has no chain parameters).</item>
/// <item>Assembly (<see cref="BlockAssembly.Assemble"/>): chain, slice, slot, order, maximum age before block time.
/// Not the signature (the pools verified it; apply verifies it before anyone votes), not the node's window (a block
/// is judged by its own cutoff and block time, not a clock).</item>
/// <item>Apply (<see cref="LedgerTransition.Apply"/>): chain, slice, slot, order, maximum age, signature. Not the
/// node's window. Replay in a block is the slot rule (the same transaction twice) or the slice (one already
/// committed is at or before the sealed cutoff).</item>
/// </list>
/// </summary>
public sealed class TransactionRulesStatelessAndTemporalTests
{
    private static readonly TestChain Chain = Build.Chain().WithValidators(1).Funding(Keys.Alice, Amount.FromRoko(1000)).Build();

    /// <summary>window-past (120 s) is longer than the chain's tx_max_age_ns (60 s), as a node's HOCON may set it.</summary>
    private static readonly MempoolLimits Limits = new(MaxTransactions: 100, MaxPerSender: 10,
        WindowPastNanos: Moments.Seconds(120), WindowFutureNanos: Moments.Seconds(2));

    /// <summary>The node's clock: 1,000 s after genesis (the sealed cutoff), ±1 ms.</summary>
    private static readonly NanoInterval Now = NanoInterval.Around(Seconds(1000), Moments.Millis(1));

    /// <summary>The block both block stages build or check: slice (genesis, 1,000 s], block time 1 ms later.</summary>
    private static readonly NanoMoment Cutoff = Seconds(1000);
    private static readonly NanoMoment BlockTime = Cutoff.AddNanoseconds(Moments.Millis(1));

    private static NanoMoment Seconds(long s, long nanos = 0) => Moments.AfterGenesis(s * 1000, nanos);

    private static Transaction Pay(NanoMoment at, SigningKey? by = null) =>
        Build.Transaction().By(by ?? Keys.Alice).SignedAt(at).Transfer(Keys.Carol, Amount.FromRoko(1));

    private static Transaction OtherChain(NanoMoment at) =>
        Build.Transaction().OnChain("roko-other").SignedAt(at).Transfer(Keys.Carol, Amount.FromRoko(1));

    /// <summary>Alice's transfer carrying the signature of Bob's over other bytes.</summary>
    private static Transaction BadlySigned(NanoMoment at) => Pay(at) with { Signature = Pay(at, Keys.Bob).Signature };

    private static readonly Transaction Fresh = Pay(Seconds(999));

    // ---- Admission: the front ----

    private static readonly Dictionary<string, (Transaction[] Before, Transaction Tx, AdmissionCode Code, string Names)> FrontCases = new()
    {
        ["wrong chain"] = ([], OtherChain(Seconds(999)), AdmissionCode.WrongChain, "'roko-other'"),
        ["expired (older than the window)"] = ([], Pay(Seconds(800)), AdmissionCode.Expired, "validity window"),
        ["too far in the future"] = ([], Pay(Seconds(1003)), AdmissionCode.TooFarInFuture, "future window"),
        ["stale (at the sealed cutoff)"] = ([], Pay(Moments.Genesis), AdmissionCode.Stale, $"sealed cutoff {Moments.Genesis}"),
        ["replay (already pending)"] = ([Fresh], Fresh, AdmissionCode.Replay, "already pending"),
        ["too old for the next block (inside the window)"] = ([], Pay(Seconds(920)), AdmissionCode.Expired, "tx_max_age_ns (60 s)"),
    };

    public static TheoryData<string> FrontRules => [.. FrontCases.Keys];

    [Theory]
    [MemberData(nameof(FrontRules))]
    public void The_front_should_refuse_it_with_a_specific_reason_and_reserve_nothing(string rule)
    {
        var (before, tx, code, names) = FrontCases[rule];
        var front = new MempoolFront(Limits, Chain.State);
        foreach (var earlier in before) Assert.True(front.Reserve(earlier, Now).IsAccepted);

        var result = front.Reserve(tx, Now);

        Assert.Equal(code, result.Code);
        Assert.Contains(names, result.Reason);
        Assert.Equal(before.Length, front.Reserved);
    }

    // ---- Admission: a shard's pool ----

    private static readonly Dictionary<string, (Transaction[] Before, Transaction Tx, AdmissionCode Code, string Names)> PoolCases = new()
    {
        ["bad signature"] = ([], BadlySigned(Seconds(999)), AdmissionCode.BadSignature, "does not verify"),
        ["expired (older than the window)"] = ([], Pay(Seconds(800)), AdmissionCode.Expired, "validity window"),
        ["too far in the future"] = ([], Pay(Seconds(1003)), AdmissionCode.TooFarInFuture, "future window"),
        ["stale (at the sealed cutoff)"] = ([], Pay(Moments.Genesis), AdmissionCode.Stale, $"sealed cutoff {Moments.Genesis}"),
        ["slot taken"] = ([Fresh], Pay(Seconds(999), Keys.Bob), AdmissionCode.SlotTaken, $"nanosecond {Seconds(999)} is held by transaction {Fresh.Id.Short}"),
        ["replay (already seen)"] = ([Fresh], Fresh, AdmissionCode.Replay, "already seen"),
    };

    public static TheoryData<string> PoolRules => [.. PoolCases.Keys];

    [Theory]
    [MemberData(nameof(PoolRules))]
    public void The_pool_should_refuse_it_with_a_specific_reason_and_hold_nothing_new(string rule)
    {
        var (before, tx, code, names) = PoolCases[rule];
        var pool = new TemporalPool(Limits, Chain.State.LastCutoff);
        foreach (var earlier in before) Assert.True(pool.Admit(earlier, Now).IsAccepted);

        var result = pool.Admit(tx, Now);

        Assert.Equal(code, result.Code);
        Assert.Contains(names, result.Reason);
        Assert.Equal(before.Length, pool.Count);
    }

    // ---- The block: assembly and apply ----

    /// <summary>The transactions in the order given; the one at <c>Faulty</c> breaks the rule, any before it are valid.</summary>
    private static readonly Dictionary<string, (Transaction[] Block, int Faulty, LedgerErrorCode Code, string Names)> BlockCases = new()
    {
        ["wrong chain"] = ([OtherChain(Seconds(999))], 0, LedgerErrorCode.TransactionWrongChain, "'roko-other'"),
        ["stale (at the sealed cutoff)"] = ([Pay(Moments.Genesis)], 0, LedgerErrorCode.TransactionOutsideSlice, $"sealed cutoff {Moments.Genesis}"),
        ["slot taken"] = ([Fresh, Pay(Seconds(999), Keys.Bob)], 1, LedgerErrorCode.SlotTaken, $"nanosecond {Seconds(999)}"),
        ["replay (twice in one block)"] = ([Fresh, Fresh], 1, LedgerErrorCode.SlotTaken, $"nanosecond {Seconds(999)}"),
        ["out of order"] = ([Fresh, Pay(Seconds(998))], 1, LedgerErrorCode.TransactionOutOfOrder, $"ahead of it ({Seconds(999)})"),
        ["too old for the block time"] = ([Pay(Seconds(900))], 0, LedgerErrorCode.TransactionTooOld, $"tx_max_age_ns (60 s) before block time {BlockTime}"),
    };

    /// <summary>Rules only the applying validator checks: see the class comment for why assembly does not.</summary>
    private static readonly Dictionary<string, (Transaction[] Block, int Faulty, LedgerErrorCode Code, string Names)> ApplyOnlyCases = new()
    {
        ["after the block's cutoff"] = ([Pay(Cutoff.AddNanoseconds(1))], 0, LedgerErrorCode.TransactionOutsideSlice, $"after the block's cutoff {Cutoff}"),
        ["bad signature"] = ([BadlySigned(Seconds(999))], 0, LedgerErrorCode.BadSignature, "does not verify"),
    };

    public static TheoryData<string> BlockRules => [.. BlockCases.Keys];
    public static TheoryData<string> ApplyRules => [.. BlockCases.Keys, .. ApplyOnlyCases.Keys];

    [Theory]
    [MemberData(nameof(BlockRules))]
    public void Assembly_should_leave_it_out_with_the_reason_and_keep_the_rest(string rule)
    {
        var (txs, faulty, code, names) = BlockCases[rule];

        var assembled = BlockAssembly.Assemble(Chain.State, txs, Cutoff, BlockTime, Keys.Validator(0).PublicKey);

        var (left, reason) = Assert.Single(assembled.Excluded);
        Assert.Same(txs[faulty], left);
        Assert.Equal(code, reason.Code);
        Assert.Contains(names, reason.Message);
        Assert.Equal(txs.Take(faulty).ToArray(), assembled.Transactions.ToArray());
    }

    [Fact]
    public void Assembly_should_keep_a_transaction_after_its_cutoff_for_a_later_slice()
    {
        var later = Pay(Cutoff.AddNanoseconds(1));

        var assembled = BlockAssembly.Assemble(Chain.State, [Fresh, later], Cutoff, BlockTime, Keys.Validator(0).PublicKey);

        Assert.Equal(new[] { Fresh }, assembled.Transactions.ToArray());
        Assert.Empty(assembled.Excluded);
    }

    [Theory]
    [MemberData(nameof(ApplyRules))]
    public void Apply_should_refuse_the_block_at_the_transaction_index(string rule)
    {
        var (txs, faulty, code, names) = BlockCases.TryGetValue(rule, out var row) ? row : ApplyOnlyCases[rule];
        var block = Chain.NextBlock().With(txs).CutoffAt(Cutoff).At(BlockTime).Raw();

        var result = LedgerTransition.Apply(Chain.State, block);

        Assert.False(result.IsValid);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(faulty, result.Error.TransactionIndex);
        Assert.Contains(names, result.Error.Message);
    }

    // ---- Drift: what admission accepts, a block can hold ----

    [Fact]
    public void A_transaction_admitted_at_the_oldest_age_should_fit_a_block_timed_at_the_earliest_now()
    {
        var oldest = Now.Earliest.AddNanoseconds(-Chain.State.Parameters.TransactionMaxAgeNanos);
        var atTheBound = Pay(oldest);
        var older = Pay(oldest.AddNanoseconds(-1));
        var front = new MempoolFront(Limits, Chain.State);

        Assert.True(front.Reserve(atTheBound, Now).IsAccepted);
        var refused = front.Reserve(older, Now);
        Assert.Equal(AdmissionCode.Expired, refused.Code);
        Assert.Contains($"the earliest time the next block can have, {Now.Earliest}", refused.Reason);

        var assembled = BlockAssembly.Assemble(Chain.State, [older, atTheBound], oldest, Now.Earliest, Keys.Validator(0).PublicKey);
        Assert.Equal(new[] { atTheBound }, assembled.Transactions.ToArray());
        Assert.Equal(LedgerErrorCode.TransactionTooOld, Assert.Single(assembled.Excluded).Reason.Code);
    }

    [Fact]
    public void Admission_should_judge_the_maximum_age_by_the_tip_block_time_when_the_node_clock_is_behind_it()
    {
        var tip = Chain.State with { LastBlockTime = Seconds(1061) }; // the chain is 61 s ahead of this node's clock
        var front = new MempoolFront(Limits, tip);

        var result = front.Reserve(Fresh, Now);

        Assert.Equal(AdmissionCode.Expired, result.Code);
        Assert.Contains($"the earliest time the next block can have, {Seconds(1061, 1)}", result.Reason);
    }

    [Fact]
    public void The_front_and_the_pool_should_accept_a_transaction_that_breaks_none_of_their_rules()
    {
        Assert.True(new MempoolFront(Limits, Chain.State).Reserve(Fresh, Now).IsAccepted);
        Assert.True(new TemporalPool(Limits, Chain.State.LastCutoff).Admit(Fresh, Now).IsAccepted);
        var block = Chain.NextBlock().With(Fresh).CutoffAt(Cutoff).At(BlockTime).Seal();
        Assert.Equal(new[] { Fresh }, block.Transactions.ToArray());
        Assert.True(LedgerTransition.Apply(Chain.State, block).IsValid);
    }

    // ---- Request mapping: shape ----

    private static readonly TransactionRequest Valid = TransactionRequestMapping.ToRequest(Fresh);
    private static readonly TransactionRequest ValidStake = TransactionRequestMapping.ToRequest(
        Build.Transaction().SignedAt(Seconds(999)).Stake(Amount.FromRoko(1000)));

    private static readonly Dictionary<string, (TransactionRequest Request, string Field)> ShapeCases = new()
    {
        ["chainId missing"] = (Valid with { ChainId = "" }, "chainId"),
        ["chainId too long"] = (Valid with { ChainId = new string('c', Transaction.MaxChainIdBytes + 1) }, "chainId"),
        ["signer not a key"] = (Valid with { Signer = "alice" }, "signer"),
        ["timestamp missing"] = (Valid with { Timestamp = null }, "timestamp"),
        ["timestamp not a moment"] = (Valid with { Timestamp = "yesterday" }, "timestamp"),
        ["signature missing"] = (Valid with { Signature = null }, "signature"),
        ["signature too short"] = (Valid with { Signature = "abcd" }, "signature"),
        ["kind missing"] = (Valid with { Kind = null }, "kind"),
        ["kind unknown"] = (Valid with { Kind = "burn" }, "kind"),
        ["transfer without to"] = (Valid with { To = null }, "to"),
        ["transfer to a non-address"] = (Valid with { To = "carol" }, "to"),
        ["transfer with a region"] = (Valid with { Region = "eu" }, "region"),
        ["amount missing"] = (Valid with { Amount = null }, "amount"),
        ["amount not an amount"] = (Valid with { Amount = "ten" }, "amount"),
        ["stake without a region"] = (ValidStake with { Region = null }, "region"),
        ["stake in an unknown region"] = (ValidStake with { Region = "moon" }, "region"),
        ["stake with a to"] = (ValidStake with { To = Valid.To }, "to"),
    };

    public static TheoryData<string> ShapeRules => [.. ShapeCases.Keys];

    [Theory]
    [MemberData(nameof(ShapeRules))]
    public void The_request_mapping_should_name_the_field_at_fault(string rule)
    {
        var (request, field) = ShapeCases[rule];

        var (tx, problem) = TransactionRequestMapping.ToTransaction(request);

        Assert.Null(tx);
        Assert.Equal(field, problem!.Field);
        Assert.StartsWith($"field '{field}': ", problem.Message);
        Assert.False(string.IsNullOrWhiteSpace(problem.Reason));
    }

    [Fact]
    public void The_request_mapping_should_take_the_valid_requests_the_rows_start_from()
    {
        Assert.Equal(Fresh, TransactionRequestMapping.ToTransaction(Valid).Transaction);
        Assert.NotNull(TransactionRequestMapping.ToTransaction(ValidStake).Transaction);
    }
}
