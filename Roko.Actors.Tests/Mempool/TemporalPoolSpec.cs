using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

/// <summary>One shard's pool: the shard-local rules (window, staleness, replay, slot, signature), slices, commits, eviction.</summary>
public class TemporalPoolSpec
{
    private static readonly TestChain Chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Funding(Keys.Bob, Amount.FromRoko(10)).Build();
    private static readonly MempoolLimits Limits = new(MaxTransactions: 100, MaxPerSender: 10,
        WindowPastNanos: Moments.Seconds(10), WindowFutureNanos: Moments.Seconds(2));

    /// <summary>The node's clock: one second after genesis, ±1 ms.</summary>
    private static readonly NanoInterval Now = NanoInterval.Around(Moments.AfterGenesis(1000), Moments.Millis(1));

    private static TemporalPool Pool(ISignatureVerifier? signatures = null) => new(Limits, Chain.State.LastCutoff, signatures);

    private static Transaction Pay(long millis, SigningKey? by = null, ulong roko = 1) =>
        Build.Transaction().By(by ?? Keys.Alice).SignedAt(Moments.AfterGenesis(millis)).Transfer(Keys.Carol, Amount.FromRoko(roko));

    private static AdmissionResult Refused(TemporalPool pool, Transaction tx, AdmissionCode code, NanoInterval? now = null)
    {
        int count = pool.Count, seen = pool.SeenCount;
        var slice = pool.Slice(NanoMoment.MaxValue).ToArray();
        var result = pool.Admit(tx, now ?? Now);
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
        var result = pool.Admit(tx, now ?? Now);
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
    public void Admit_should_refuse_a_bad_signature()
    {
        var good = Pay(900);
        Refused(Pool(), new Transaction(good.ChainId, good.Signer, good.Timestamp, good.Payload, Keys.Alice.Sign([1])), AdmissionCode.BadSignature);
    }

    [Fact]
    public void Admit_should_remember_verified_signatures_in_the_cache_it_is_given()
    {
        var cache = new VerifiedSignatureCache(16);
        var pool = Pool(cache);
        var good = Pay(900);
        var forged = new Transaction(good.ChainId, good.Signer, Moments.AfterGenesis(901), good.Payload, good.Signature);

        Accepted(pool, good);
        Refused(pool, forged, AdmissionCode.BadSignature);

        Assert.True(cache.Contains(good));
        Assert.False(cache.Contains(forged));
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
        Assert.Equal(new[] { Pay(100), Pay(200) }, pool.Slice(NanoMoment.MaxValue, max: 2));
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
    }

    [Fact]
    public void OnBlockCommitted_should_drop_as_stale_a_pending_transaction_whose_slot_another_block_transaction_took()
    {
        var pool = Pool();
        var ours = Pay(100);
        Accepted(pool, ours);
        var theirs = Pay(100, Keys.Bob);

        var dropped = pool.OnBlockCommitted(Chain.NextBlock().With(theirs).CutoffAt(Moments.AfterGenesis(150)).Raw());

        Assert.Equal(new[] { ours }, dropped);
        Assert.Equal(0, pool.Count);
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
}
