using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Producer;
using Roko.Actors.Tests.Builders;
using Xunit;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Persistence.ChainStoreProtocol;

namespace Roko.Actors.Tests.Producer;

public sealed class BlockProducerSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly BlockProducerSettings Settings = new(TimeSpan.FromMilliseconds(50), Moments.Millis(50), TimeSpan.FromSeconds(30));
    private readonly TestChain _chain = Build.Chain().WithValidators(1).Build();

    /// <summary>A clock the test sets: now ± 1 ms.</summary>
    private sealed class SettableClock(NanoMoment start) : IClock
    {
        private long _now = start.UnixNanoseconds;
        public void Set(NanoMoment moment) => Interlocked.Exchange(ref _now, moment.UnixNanoseconds);
        public NanoInterval Now() => NanoInterval.Around(new NanoMoment(Interlocked.Read(ref _now)), Moments.Millis(1));
    }

    [Fact]
    public void Producer_should_seal_empty_blocks_with_its_own_precommit_as_the_certificate()
    {
        var clock = new SettableClock(Moments.AfterGenesis(10_000));
        var mempool = CreateTestProbe();
        var chain = CreateTestProbe();
        Sys.ActorOf(BlockProducer.Props(_chain.ValidatorKeys[0], clock, mempool, chain, Settings));

        chain.ExpectMsg<GetChainTip>(Generous);
        chain.Reply(new CurrentChainTip(_chain.State));
        var slice = mempool.ExpectMsg<GetSlice>(Generous);
        Assert.Equal(clock.Now().Earliest.AddNanoseconds(-Settings.InclusionDelayNanos), slice.Cutoff);
        mempool.Reply(new CurrentSlice(slice.Cutoff, []));

        var commit = chain.ExpectMsg<CommitBlock>(Generous);
        var result = LedgerTransition.Apply(_chain.State, commit.Block);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Empty(commit.Block.Transactions);
        Assert.Equal(1UL, commit.Block.Height);
        Assert.Single(commit.Block.Commit.Signatures);

        // The next block waits for this one to be journaled.
        clock.Set(Moments.AfterGenesis(11_000));
        mempool.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        chain.Reply(new BlockCommitted(commit.Block, result.State!));
        var next = mempool.ExpectMsg<GetSlice>(Generous);
        Assert.True(next.Cutoff > commit.Block.Header.Cutoff);
    }

    [Fact]
    public void Producer_should_not_seal_while_the_clock_is_unbounded()
    {
        var mempool = CreateTestProbe();
        var chain = CreateTestProbe();
        var unbounded = new UnboundedClock();
        Sys.ActorOf(BlockProducer.Props(_chain.ValidatorKeys[0], unbounded, mempool, chain, Settings));
        chain.ExpectMsg<GetChainTip>(Generous);
        chain.Reply(new CurrentChainTip(_chain.State));
        mempool.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Producer_should_not_seal_with_a_key_outside_the_validator_set()
    {
        var mempool = CreateTestProbe();
        var chain = CreateTestProbe();
        Sys.ActorOf(BlockProducer.Props(Keys.Mallory, new SettableClock(Moments.AfterGenesis(10_000)), mempool, chain, Settings));
        chain.ExpectMsg<GetChainTip>(Generous);
        chain.Reply(new CurrentChainTip(_chain.State));
        mempool.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    private sealed class UnboundedClock : IClock
    {
        public NanoInterval Now() => NanoInterval.Unbounded;
    }
}
