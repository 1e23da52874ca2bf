using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Archive;

/// <summary>A block's time, its finality moment and its transactions' signing moments: what the analytics need of it.</summary>
public sealed record BlockTiming(ulong Height, NanoMoment BlockTime, NanoMoment FinalizedAt, IReadOnlyList<NanoMoment> TransactionTimes);

/// <summary>
/// One time bucket: blocks whose block time falls in [<see cref="Start"/>, start + bucket), their transactions per second,
/// and finality percentiles (milliseconds, nearest rank): of transactions from signing to final, and of blocks from block
/// time to final. Null percentiles when the bucket has nothing to measure.
/// </summary>
public sealed record ThroughputBucket(NanoMoment Start, int Blocks, int Transactions, double TransactionsPerSecond,
    double? TransactionFinalityP50Ms, double? TransactionFinalityP90Ms, double? TransactionFinalityP99Ms,
    double? BlockFinalityP50Ms, double? BlockFinalityP99Ms);

/// <summary>Throughput and finality per time bucket over a run of blocks; pure, the blocks come from the read model.</summary>
public static class ThroughputAnalytics
{
    public static IReadOnlyList<ThroughputBucket> Buckets(IReadOnlyList<BlockTiming> blocks, TimeSpan bucket)
    {
        if (bucket <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(bucket), "a bucket must be longer than 0");
        if (blocks.Count == 0) return [];
        long width = Nanoseconds.FromTimeSpan(bucket);
        long origin = blocks.Min(b => b.BlockTime.UnixNanoseconds);
        origin -= Mod(origin, width); // buckets align to multiples of their width since the Unix epoch
        return blocks
            .GroupBy(b => (b.BlockTime.UnixNanoseconds - origin) / width)
            .OrderBy(g => g.Key)
            .Select(g => Bucket(new NanoMoment(origin + g.Key * width), [.. g], bucket))
            .ToList();
    }

    private static ThroughputBucket Bucket(NanoMoment start, IReadOnlyList<BlockTiming> blocks, TimeSpan width)
    {
        var txFinality = blocks.SelectMany(b => b.TransactionTimes.Select(t => Nanoseconds.ToMilliseconds(b.FinalizedAt - t))).Order().ToList();
        var blockFinality = blocks.Select(b => Nanoseconds.ToMilliseconds(b.FinalizedAt - b.BlockTime)).Order().ToList();
        return new ThroughputBucket(start, blocks.Count, txFinality.Count, txFinality.Count / width.TotalSeconds,
            Percentile(txFinality, 50), Percentile(txFinality, 90), Percentile(txFinality, 99),
            Percentile(blockFinality, 50), Percentile(blockFinality, 99));
    }

    /// <summary>Nearest-rank percentile of sorted values; null for none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, int percent) =>
        sorted.Count == 0 ? null : NearestRank.Of(sorted, percent / 100.0);

    private static long Mod(long value, long width) => ((value % width) + width) % width;
}
