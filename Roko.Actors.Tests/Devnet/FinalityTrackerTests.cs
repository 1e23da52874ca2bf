using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

public sealed class FinalityTrackerTests
{
    private const long Millisecond = 1_000_000;

    private static Hash32 HashOf(ulong height) => Sha256.Hash(BitConverter.GetBytes(height));

    [Fact]
    public void Max_block_gap_should_be_the_longest_time_between_consecutive_heights_block_times()
    {
        var tracker = new FinalityTracker();
        Assert.Equal(0, tracker.MaxBlockGapMs);
        // Block times 1000, 2000, 5500, 6500 ms; height 6 seen, height 5 not: the 6500 → 9000 ms step is no gap of
        // consecutive heights, so it does not count.
        long[] times = [1000, 2000, 5500, 6500];
        for (int i = 0; i < times.Length; i++)
            tracker.OnBlockCommitted((ulong)(i + 1), HashOf((ulong)(i + 1)), [], atMs: i, times[i] * Millisecond, round: 0);
        tracker.OnBlockCommitted(6, HashOf(6), [], atMs: 9, 9000 * Millisecond, round: 0);

        Assert.Equal(3500, tracker.MaxBlockGapMs);
        Assert.Equal(1000, tracker.BlockTimePercentileMs(50));
    }
}
