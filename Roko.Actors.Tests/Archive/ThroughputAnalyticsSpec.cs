using Roko.Actors.Archive;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Archive;

public sealed class ThroughputAnalyticsSpec
{
    private static NanoMoment At(long millis) => NanoMoment.FromUnixSeconds(1_000).AddNanoseconds(Moments.Millis(millis));

    [Fact]
    public void Buckets_should_count_transactions_per_second_and_finality_percentiles_per_bucket()
    {
        var blocks = new[]
        {
            // bucket [1000 s, 1001 s): two blocks, three transactions signed 100, 200 and 300 ms before finality
            new BlockTiming(1, At(100), At(400), [At(300), At(200)]),
            new BlockTiming(2, At(600), At(700), [At(400)]),
            // bucket [1002 s, 1003 s): one empty block
            new BlockTiming(3, At(2_100), At(2_150), []),
        };
        var buckets = ThroughputAnalytics.Buckets(blocks, TimeSpan.FromSeconds(1));
        Assert.Equal(2, buckets.Count);
        var first = buckets[0];
        Assert.Equal(NanoMoment.FromUnixSeconds(1_000), first.Start);
        Assert.Equal((2, 3, 3.0), (first.Blocks, first.Transactions, first.TransactionsPerSecond));
        Assert.Equal(200, first.TransactionFinalityP50Ms);
        Assert.Equal(300, first.TransactionFinalityP99Ms);
        Assert.Equal(300, first.BlockFinalityP99Ms);
        var second = buckets[1];
        Assert.Equal(NanoMoment.FromUnixSeconds(1_002), second.Start);
        Assert.Equal(0, second.Transactions);
        Assert.Null(second.TransactionFinalityP50Ms);
        Assert.Equal(50, second.BlockFinalityP50Ms);
    }

    [Fact]
    public void Percentile_should_take_the_nearest_rank()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToList();
        Assert.Equal(50, ThroughputAnalytics.Percentile(values, 50));
        Assert.Equal(99, ThroughputAnalytics.Percentile(values, 99));
        Assert.Equal(7, ThroughputAnalytics.Percentile([7], 99));
        Assert.Null(ThroughputAnalytics.Percentile([], 50));
    }
}
