using Roko.Actors.Hardware.Time;
using Roko.Actors.Mempool;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public class ShardRoutingSpec
{
    [Theory]
    [InlineData(0, 4, 0)]
    [InlineData(5, 4, 1)]
    [InlineData(1_767_225_600_000_000_003, 4, 3)]
    [InlineData(-1, 4, 3)]
    [InlineData(-8, 4, 0)]
    [InlineData(12345, 1, 0)]
    public void ShardOf_should_be_the_timestamp_in_nanoseconds_mod_the_shard_count(long nanos, int shards, int expected) =>
        Assert.Equal(expected, ShardRouting.ShardOf(new NanoMoment(nanos), shards));

    [Fact]
    public void ShardOf_should_refuse_a_pool_without_shards() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardRouting.ShardOf(new NanoMoment(1), 0));
}
