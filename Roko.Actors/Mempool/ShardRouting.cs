using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Mempool;

/// <summary>
/// The temporal sharding of the pool: a transaction belongs to the shard its timestamp (nanoseconds since the Unix
/// epoch) hashes to. A function of the timestamp alone, so both transactions that claim one nanosecond land on the same
/// shard and a slot clash is decided there. Hashed rather than taken mod N because clients stamp at the resolution of
/// their clocks: timestamps that are whole microseconds or milliseconds are all divisible by 2, 4, 5 and 8, and mod N
/// would put every one of them in shard 0, leaving one core to verify everything.
/// </summary>
public static class ShardRouting
{
    public static int ShardOf(NanoMoment timestamp, int shardCount)
    {
        if (shardCount <= 0) throw new ArgumentOutOfRangeException(nameof(shardCount), shardCount, "a pool has at least one shard");
        return (int)(Mix(unchecked((ulong)timestamp.UnixNanoseconds)) % (ulong)shardCount);
    }

    // The 64-bit finalizer of SplitMix64 (Steele, Lea and Flood, 2014): every input bit affects every output bit, and
    // it is a bijection, so distinct timestamps stay distinct before the modulo.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
