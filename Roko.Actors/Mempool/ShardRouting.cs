using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Mempool;

/// <summary>
/// The temporal sharding of the pool: a transaction belongs to shard <c>timestamp mod N</c> (nanoseconds since the
/// Unix epoch). Both transactions that claim one nanosecond land on the same shard, so a slot clash is decided there.
/// </summary>
public static class ShardRouting
{
    public static int ShardOf(NanoMoment timestamp, int shardCount)
    {
        if (shardCount <= 0) throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, "a pool has at least one shard");
        long remainder = timestamp.UnixNanoseconds % shardCount;
        return (int)(remainder < 0 ? remainder + shardCount : remainder);
    }
}
