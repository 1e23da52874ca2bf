using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

/// <summary>The pool-wide admission rules and the per-sender reservations that keep pending spends consistent across shards.</summary>
public class MempoolFrontSpec
{
    private static readonly TestChain Chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Funding(Keys.Bob, Amount.FromRoko(10)).Build();
    private static readonly MempoolLimits Limits = new(MaxTransactions: 100, MaxPerSender: 10,
        WindowPastNanos: Moments.Seconds(10), WindowFutureNanos: Moments.Seconds(2));
    private static readonly NanoInterval Now = NanoInterval.Around(Moments.AfterGenesis(1000), Moments.Millis(1));

    private static MempoolFront Front(MempoolLimits? limits = null) => new(limits ?? Limits, Chain.State);

    private static Transaction Pay(long millis, SigningKey? by = null, ulong roko = 1, long nanos = 0) =>
        Build.Transaction().By(by ?? Keys.Alice).SignedAt(Moments.AfterGenesis(millis, nanos)).Transfer(Keys.Carol, Amount.FromRoko(roko));

    private static AdmissionResult Refused(MempoolFront front, Transaction tx, AdmissionCode code, NanoInterval? now = null)
    {
        int reserved = front.Reserved;
        var pending = front.PendingSpendOf(tx.Sender);
        var result = front.Reserve(tx, now ?? Now);
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(reserved, front.Reserved);
        Assert.Equal(pending, front.PendingSpendOf(tx.Sender));
        return result;
    }

    private static void Reserved(MempoolFront front, Transaction tx)
    {
        var result = front.Reserve(tx, Now);
        Assert.True(result.IsAccepted, result.ToString());
        Assert.True(front.IsReserved(tx.Id));
    }

    [Fact]
    public void Reserve_should_refuse_another_chain() =>
        Refused(Front(), Build.Transaction().OnChain("other").SignedAt(Moments.AfterGenesis(900)).Transfer(Keys.Bob, new Amount(1)), AdmissionCode.WrongChain);

    [Fact]
    public void Reserve_should_refuse_everything_while_the_clock_is_unsynchronized() =>
        Refused(Front(), Pay(900), AdmissionCode.ClockUnsynchronized, NanoInterval.Unbounded);

    [Fact]
    public void Reserve_should_judge_the_validity_window_and_the_sealed_cutoff_of_the_ledger_tip()
    {
        Refused(Front(), Pay(900), AdmissionCode.Expired, NanoInterval.Around(Moments.AfterGenesis(20_000), Moments.Millis(1)));
        Refused(Front(), Pay(4000), AdmissionCode.TooFarInFuture);
        Refused(Front(), Build.Transaction().SignedAt(Chain.State.LastCutoff).Transfer(Keys.Bob, new Amount(1)), AdmissionCode.Stale);
    }

    [Fact]
    public void Reserve_should_refuse_a_transaction_already_pending_as_a_replay()
    {
        var front = Front();
        Reserved(front, Pay(900));
        var result = Refused(front, Pay(900), AdmissionCode.Replay);
        Assert.Contains("already pending", result.Reason);
    }

    [Fact]
    public void Reserve_should_refuse_when_the_pool_is_full()
    {
        var front = Front(Limits with { MaxTransactions = 2 });
        Reserved(front, Pay(100));
        Reserved(front, Pay(200, Keys.Bob));
        Refused(front, Pay(300), AdmissionCode.PoolFull);
    }

    [Fact]
    public void Reserve_should_refuse_beyond_the_per_sender_limit_counting_every_shard()
    {
        var front = Front(Limits with { MaxPerSender = 2 });
        // Timestamps 1 ns apart: with 2 or more shards these go to different shards, yet count for one sender.
        Reserved(front, Pay(100, nanos: 0));
        Reserved(front, Pay(100, nanos: 1));
        Refused(front, Pay(100, nanos: 2), AdmissionCode.SenderLimit);
        Reserved(front, Pay(300, Keys.Bob));
    }

    [Fact]
    public void Reserve_should_refuse_a_zero_amount()
    {
        Refused(Front(), Build.Transaction().SignedAt(Moments.AfterGenesis(900)).Transfer(Keys.Bob, Amount.Zero), AdmissionCode.ZeroAmount);
        Refused(Front(), Build.Transaction().SignedAt(Moments.AfterGenesis(900)).Stake(Amount.Zero), AdmissionCode.ZeroAmount);
    }

    [Fact]
    public void Reserve_should_refuse_overspending_across_shards_counting_pending_spends()
    {
        var front = Front();
        Refused(front, Pay(100, Keys.Bob, roko: 11), AdmissionCode.InsufficientBalance);
        Refused(front, Pay(100, Keys.Carol), AdmissionCode.InsufficientBalance);
        var first = Pay(100, Keys.Bob, roko: 6, nanos: 0);
        var second = Pay(100, Keys.Bob, roko: 5, nanos: 3);
        Assert.NotEqual(ShardRouting.ShardOf(first.Timestamp, 2), ShardRouting.ShardOf(second.Timestamp, 2));
        Reserved(front, first);
        var result = Refused(front, second, AdmissionCode.InsufficientBalance);
        Assert.Contains("already pending", result.Reason);
        Reserved(front, Pay(100, Keys.Bob, roko: 4, nanos: 2));
        Assert.Equal(Amount.FromRoko(10), front.PendingSpendOf(Keys.Bob.PublicKey.ToAddress()));
    }

    [Fact]
    public void Release_should_give_back_the_spend_and_the_count_once()
    {
        var front = Front(Limits with { MaxPerSender = 1 });
        var tx = Pay(100, Keys.Bob, roko: 10);
        Reserved(front, tx);
        Refused(front, Pay(200, Keys.Bob, roko: 1), AdmissionCode.SenderLimit);

        Assert.True(front.Release(tx.Id));
        Assert.False(front.Release(tx.Id));

        Assert.Equal(0, front.Reserved);
        Assert.Equal(Amount.Zero, front.PendingSpendOf(Keys.Bob.PublicKey.ToAddress()));
        Reserved(front, Pay(200, Keys.Bob, roko: 10));
    }

    [Fact]
    public void OnBlockCommitted_should_move_to_the_new_tip_and_release_the_included_transactions()
    {
        var front = Front();
        var included = Pay(100, Keys.Bob, roko: 6);
        var other = Pay(200, Keys.Bob, roko: 3);
        Reserved(front, included);
        Reserved(front, other);
        var block = Chain.NextBlock().With(included).CutoffAt(Moments.AfterGenesis(150)).Seal();
        var after = LedgerTransition.Apply(Chain.State, block).State!;

        Assert.Equal(new[] { included.Id }, front.OnBlockCommitted(block, after));

        Assert.Equal(after, front.Ledger);
        Assert.Equal(Amount.FromRoko(3), front.PendingSpendOf(Keys.Bob.PublicKey.ToAddress()));
        // Bob now holds 4 ROKO with 3 pending: 1 more fits, 2 do not.
        Refused(front, Pay(300, Keys.Bob, roko: 2), AdmissionCode.InsufficientBalance);
        Reserved(front, Pay(300, Keys.Bob, roko: 1));
        Refused(front, Pay(120), AdmissionCode.Stale);
        Assert.Empty(front.OnBlockCommitted(block, after)); // an old height changes nothing
    }

    [Fact]
    public void Reserve_should_refuse_an_unstake_from_a_key_without_stake()
    {
        var tx = Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(900)).Unstake(Amount.FromRoko(1));
        var result = Refused(Front(), tx, AdmissionCode.NoStake);
        Assert.Contains("no stake", result.Reason);
    }

    [Fact]
    public void Reserve_should_refuse_an_unstake_larger_than_the_stake()
    {
        var validator = Chain.ValidatorKeys[0];
        var stake = Chain.State.Stakes[validator.PublicKey].Amount;
        var tx = Build.Transaction().By(validator).SignedAt(Moments.AfterGenesis(900)).Unstake(stake + new Amount(1));
        Refused(Front(), tx, AdmissionCode.InsufficientStake);
    }
}
