using Roko.Actors.Hardware.Time;
using Roko.Actors.Mempool;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public class ShardRoutingSpec
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(5, 4)]
    [InlineData(1_767_225_600_000_000_003, 4)]
    [InlineData(-1, 4)]
    [InlineData(long.MinValue, 7)]
    [InlineData(long.MaxValue, 1024)]
    public void ShardOf_should_be_a_shard_of_the_pool_and_the_same_for_the_same_nanosecond(long nanos, int shards)
    {
        int shard = ShardRouting.ShardOf(new NanoMoment(nanos), shards);

        Assert.InRange(shard, 0, shards - 1);
        Assert.Equal(shard, ShardRouting.ShardOf(new NanoMoment(nanos), shards));
    }

    [Fact]
    public void ShardOf_should_be_zero_with_one_shard() =>
        Assert.All(new long[] { 0, 1, -1, 12345, long.MaxValue }, nanos => Assert.Equal(0, ShardRouting.ShardOf(new NanoMoment(nanos), 1)));

    /// <remarks>Clients stamp at their clock's resolution: with timestamp mod N, all of these would be in shard 0.</remarks>
    [Theory]
    [InlineData(1_000, 2)]          // whole microseconds, two shards
    [InlineData(1_000_000, 4)]      // whole milliseconds, four shards
    [InlineData(1_000_000_000, 8)]  // whole seconds, eight shards
    [InlineData(1, 3)]              // consecutive nanoseconds
    public void ShardOf_should_spread_timestamps_of_a_coarse_clock_evenly(long resolutionNanos, int shards)
    {
        const int count = 20_000;
        long start = 1_767_225_600L * 1_000_000_000L;
        var perShard = new int[shards];
        for (int i = 0; i < count; i++) perShard[ShardRouting.ShardOf(new NanoMoment(start + i * resolutionNanos), shards)]++;

        double expected = (double)count / shards;
        Assert.All(perShard, n => Assert.InRange(n, expected * 0.9, expected * 1.1));
    }

    [Fact]
    public void ShardOf_should_refuse_a_pool_without_shards() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardRouting.ShardOf(new NanoMoment(1), 0));
}
