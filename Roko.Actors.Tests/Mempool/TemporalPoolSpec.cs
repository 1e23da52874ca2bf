using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public class TemporalPoolSpec
{
    private static readonly TestChain Chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Funding(Keys.Bob, Amount.FromRoko(10)).Build();
    private static readonly MempoolLimits Limits = new(MaxTransactions: 100, MaxPerSender: 10,
        WindowPastNanos: Moments.Seconds(10), WindowFutureNanos: Moments.Seconds(2));

    /// <summary>The node's clock: one second after genesis, ±1 ms.</summary>
    private static readonly NanoInterval Now = NanoInterval.Around(Moments.AfterGenesis(1000), Moments.Millis(1));

    private static TemporalPool Pool(MempoolLimits? limits = null) => new(limits ?? Limits, Chain.State.LastCutoff);

    private static Transaction Pay(long millis, SigningKey? by = null, ulong roko = 1) =>
        Build.Transaction().By(by ?? Keys.Alice).SignedAt(Moments.AfterGenesis(millis)).Transfer(Keys.Carol, Amount.FromRoko(roko));

    private static AdmissionResult Refused(TemporalPool pool, Transaction tx, AdmissionCode code, NanoInterval? now = null)
    {
        int count = pool.Count, seen = pool.SeenCount;
        var slice = pool.Slice(NanoMoment.MaxValue).ToArray();
        var result = pool.Admit(tx, now ?? Now, Chain.State);
        Assert.Equal(code, result.Code);
        Assert.False(result.IsAccepted);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(count, pool.Count);
        Assert.Equal(seen, pool.SeenCount);
        Assert.Equal(slice, pool.Slice(NanoMoment.MaxValue));
        return result;
    }

    private static void Accepted(TemporalPool pool, Transaction tx, NanoInterval? now = null)
    {
        var result = pool.Admit(tx, now ?? Now, Chain.State);
        Assert.True(result.IsAccepted, result.ToString());
    }

    [Fact]
    public void Admit_should_accept_a_valid_transaction()
    {
        var pool = Pool();
        var tx = Pay(900);
        Accepted(pool, tx);
        Assert.Equal(1, pool.Count);
        Assert.True(pool.Contains(tx.Id));
        Assert.Equal("accepted", AdmissionResult.Accepted.ToString());
    }

    [Fact]
    public void Admit_should_refuse_another_chain() =>
        Refused(Pool(), Build.Transaction().OnChain("other").SignedAt(Moments.AfterGenesis(900)).Transfer(Keys.Bob, new Amount(1)), AdmissionCode.WrongChain);

    [Fact]
    public void Admit_should_refuse_everything_while_the_clock_is_unsynchronized() =>
        Refused(Pool(), Pay(900), AdmissionCode.ClockUnsynchronized, NanoInterval.Unbounded);

    [Fact]
    public void Admit_should_refuse_a_transaction_older_than_the_validity_window()
    {
        var late = NanoInterval.Around(Moments.AfterGenesis(20_000), Moments.Millis(1));
        var result = Refused(Pool(), Pay(900), AdmissionCode.Expired, late);
        Assert.Contains("older than the validity window", result.Reason);
        var edge = Moments.AfterGenesis(20_000).AddNanoseconds(-Moments.Millis(1) - Limits.WindowPastNanos);
        Accepted(Pool(), Build.Transaction().SignedAt(edge).Transfer(Keys.Bob, new Amount(1)), late);
    }

    [Fact]
    public void Admit_should_refuse_a_transaction_too_far_in_the_future()
    {
        var limit = Now.Latest.AddNanoseconds(Limits.WindowFutureNanos);
        Accepted(Pool(), Build.Transaction().SignedAt(limit).Transfer(Keys.Bob, new Amount(1)));
        Refused(Pool(), Build.Transaction().SignedAt(limit.AddNanoseconds(1)).Transfer(Keys.Bob, new Amount(1)), AdmissionCode.TooFarInFuture);
    }

    [Fact]
    public void Admit_should_refuse_a_transaction_at_or_before_the_sealed_cutoff()
    {
        var result = Refused(Pool(), Build.Transaction().SignedAt(Chain.State.LastCutoff).Transfer(Keys.Bob, new Amount(1)), AdmissionCode.Stale);
        Assert.Contains("sealed cutoff", result.Reason);
    }

    [Fact]
    public void Admit_should_refuse_a_replay_of_a_seen_transaction()
    {
        var pool = Pool();
        var tx = Pay(900);
        Accepted(pool, tx);
        Refused(pool, tx, AdmissionCode.Replay);
    }

    [Fact]
    public void Admit_should_keep_the_slot_for_the_first_transaction_seen_in_a_nanosecond()
    {
        var pool = Pool();
        var first = Pay(900);
        Accepted(pool, first);
        var result = Refused(pool, Pay(900, Keys.Bob), AdmissionCode.SlotTaken);
        Assert.Contains("slot taken", result.Reason);
        Assert.Equal(new[] { first }, pool.Slice(NanoMoment.MaxValue));
    }

    [Fact]
    public void Admit_should_refuse_when_the_pool_is_full()
    {
        var pool = Pool(Limits with { MaxTransactions = 2 });
        Accepted(pool, Pay(100));
        Accepted(pool, Pay(200, Keys.Bob));
        Refused(pool, Pay(300), AdmissionCode.PoolFull);
    }

    [Fact]
    public void Admit_should_refuse_beyond_the_per_sender_limit()
    {
        var pool = Pool(Limits with { MaxPerSender = 2 });
        Accepted(pool, Pay(100));
        Accepted(pool, Pay(200));
        Refused(pool, Pay(300), AdmissionCode.SenderLimit);
        Accepted(pool, Pay(300, Keys.Bob));
    }

    [Fact]
    public void Admit_should_refuse_a_bad_signature()
    {
        var good = Pay(900);
        Refused(Pool(), new Transaction(good.ChainId, good.Signer, good.Timestamp, good.Payload, Keys.Alice.Sign([1])), AdmissionCode.BadSignature);
    }

    [Fact]
    public void Admit_should_refuse_a_zero_amount()
    {
        Refused(Pool(), Build.Transaction().SignedAt(Moments.AfterGenesis(900)).Transfer(Keys.Bob, Amount.Zero), AdmissionCode.ZeroAmount);
        Refused(Pool(), Build.Transaction().SignedAt(Moments.AfterGenesis(900)).Stake(Amount.Zero), AdmissionCode.ZeroAmount);
    }

    [Fact]
    public void Admit_should_refuse_spending_more_than_the_balance_counting_pending_spends()
    {
        var pool = Pool();
        Refused(pool, Pay(100, Keys.Bob, roko: 11), AdmissionCode.InsufficientBalance);
        Refused(pool, Pay(100, Keys.Carol), AdmissionCode.InsufficientBalance);
        Accepted(pool, Pay(100, Keys.Bob, roko: 6));
        var result = Refused(pool, Pay(200, Keys.Bob, roko: 5), AdmissionCode.InsufficientBalance);
        Assert.Contains("already pending", result.Reason);
        Accepted(pool, Pay(300, Keys.Bob, roko: 4));
    }

    [Fact]
    public void Slice_should_return_pending_transactions_up_to_the_cutoff_in_time_order()
    {
        var pool = Pool();
        Accepted(pool, Pay(300));
        Accepted(pool, Pay(100));
        Accepted(pool, Pay(200));
        Assert.Equal(new[] { Pay(100), Pay(200) }, pool.Slice(Moments.AfterGenesis(200)));
        Assert.Equal(new[] { Pay(100), Pay(200), Pay(300) }, pool.Slice(NanoMoment.MaxValue));
    }

    [Fact]
    public void OnBlockCommitted_should_remove_included_advance_the_cutoff_and_return_the_stale_ones()
    {
        var pool = Pool();
        Accepted(pool, Pay(100));
        Accepted(pool, Pay(200, Keys.Bob));
        Accepted(pool, Pay(300));
        var block = Chain.NextBlock().With(Pay(100)).CutoffAt(Moments.AfterGenesis(250)).Raw();

        var dropped = pool.OnBlockCommitted(block);

        Assert.Equal(new[] { Pay(200, Keys.Bob) }, dropped);
        Assert.Equal(Moments.AfterGenesis(250), pool.LastSealedCutoff);
        Assert.Equal(new[] { Pay(300) }, pool.Slice(NanoMoment.MaxValue));
        Assert.False(pool.Contains(Pay(100).Id));
        Refused(pool, Pay(100), AdmissionCode.Stale);
        Refused(pool, Pay(250), AdmissionCode.Stale);
        // Bob's pending spend was released with the dropped transaction.
        Accepted(pool, Pay(400, Keys.Bob, roko: 10));
    }

    [Fact]
    public void OnBlockCommitted_should_keep_included_ids_seen_and_refuse_them_as_stale()
    {
        var pool = Pool();
        var tx = Pay(900);
        Accepted(pool, tx);
        pool.OnBlockCommitted(Chain.NextBlock().With(tx).CutoffAt(Moments.AfterGenesis(950)).Raw());
        Assert.Equal(0, pool.Count);
        Assert.Equal(1, pool.SeenCount);
        Refused(pool, tx, AdmissionCode.Stale);
    }

    [Fact]
    public void Evict_should_drop_expired_transactions_and_forget_old_sealed_ids()
    {
        var pool = Pool();
        Accepted(pool, Pay(100));
        Accepted(pool, Pay(900));
        pool.OnBlockCommitted(Chain.NextBlock().With(Pay(100)).CutoffAt(Moments.AfterGenesis(150)).Raw());
        Assert.Equal(2, pool.SeenCount);

        var muchLater = NanoInterval.Around(Moments.AfterGenesis(10_950), Moments.Millis(1));
        var evicted = pool.Evict(muchLater);

        Assert.Equal(new[] { Pay(900) }, evicted);
        Assert.Equal(0, pool.Count);
        Assert.Equal(1, pool.SeenCount); // Pay(900) is after the sealed cutoff, so its id stays seen
        Assert.Empty(pool.Evict(NanoInterval.Unbounded));
    }

    [Fact]
    public void Admit_should_refuse_an_unstake_from_a_key_without_stake()
    {
        var tx = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(900)).Unstake(Amount.FromRoko(1));
        var result = Refused(Pool(), tx, AdmissionCode.NoStake);
        Assert.Contains("no stake", result.Reason);
    }

    [Fact]
    public void Admit_should_refuse_an_unstake_larger_than_the_stake()
    {
        var validator = Chain.ValidatorKeys[0];
        var stake = Chain.State.Stakes[validator.PublicKey].Amount;
        var tx = Build.Transaction().By(validator).SignedAt(Moments.AfterGenesis(900)).Unstake(stake + new Amount(1));
        Refused(Pool(), tx, AdmissionCode.InsufficientStake);
    }
}

public class TemporalRulesSpec
{
    private static readonly TemporalRules Rules = new(WindowPastNanos: 100, WindowFutureNanos: 10);
    private static readonly NanoInterval Now = new(new NanoMoment(1000), new NanoMoment(1002));

    [Theory]
    [InlineData(500, TemporalVerdict.Stale)]
    [InlineData(499, TemporalVerdict.Stale)]
    [InlineData(899, TemporalVerdict.Expired)]
    [InlineData(900, TemporalVerdict.Valid)]
    [InlineData(1012, TemporalVerdict.Valid)]
    [InlineData(1013, TemporalVerdict.TooFarInFuture)]
    public void Check_should_judge_against_the_clock_interval_and_the_sealed_cutoff(long timestamp, TemporalVerdict expected)
    {
        Assert.Equal(expected, Rules.Check(new NanoMoment(timestamp), Now, new NanoMoment(500)));
    }

    [Fact]
    public void Check_should_only_judge_staleness_when_the_clock_is_unbounded()
    {
        Assert.Equal(TemporalVerdict.Valid, Rules.Check(new NanoMoment(long.MaxValue), NanoInterval.Unbounded, new NanoMoment(500)));
        Assert.Equal(TemporalVerdict.Stale, Rules.Check(new NanoMoment(500), NanoInterval.Unbounded, new NanoMoment(500)));
        Assert.False(Rules.IsExpired(new NanoMoment(0), NanoInterval.Unbounded));
        Assert.True(Rules.IsExpired(new NanoMoment(899), Now));
    }

    [Fact]
    public void CutoffFor_should_be_the_earliest_possible_now_minus_the_inclusion_delay()
    {
        Assert.Equal(new NanoMoment(950), TemporalRules.CutoffFor(Now, 50));
        Assert.Equal(NanoMoment.MinValue, TemporalRules.CutoffFor(new NanoInterval(NanoMoment.MinValue, new NanoMoment(0)), 1));
    }
}
