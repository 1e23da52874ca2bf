using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Devnet;

/// <summary>
/// Follows transactions from submission to commit or rejection, and block hashes per height per node, to report
/// finality percentiles and forks. Times are monotonic milliseconds supplied by the caller.
/// </summary>
public sealed class FinalityTracker
{
    private readonly Dictionary<Hash32, double> _pending = new();
    private readonly List<(double SubmittedAt, double LatencyMs)> _finalized = new();
    private readonly HashSet<Hash32> _finalizedIds = new();
    private readonly Dictionary<ulong, HashSet<Hash32>> _hashesByHeight = new();
    private readonly List<double> _submittedAt = new();
    private readonly SortedDictionary<ulong, (long BlockTimeNanos, uint Round)> _blocks = new();

    public int Submitted { get; private set; }
    public int Rejected { get; private set; }
    public int Finalized => _finalized.Count;
    public int Pending => _pending.Count;
    public ulong Blocks { get; private set; }

    public void OnSubmitted(Hash32 id, double atMs)
    {
        Submitted++;
        _submittedAt.Add(atMs);
        _pending[id] = atMs;
    }

    public void OnRejected(Hash32 id)
    {
        if (_pending.Remove(id)) Rejected++;
    }

    /// <summary>A node committed a block at <paramref name="height"/>; its transactions count once, at the first node that commits them.</summary>
    public void OnBlockCommitted(ulong height, Hash32 hash, IEnumerable<Hash32> transactionIds, double atMs,
        long blockTimeNanos = 0, uint round = 0)
    {
        if (!_hashesByHeight.TryGetValue(height, out var hashes)) _hashesByHeight[height] = hashes = [];
        if (hashes.Add(hash) && hashes.Count == 1)
        {
            Blocks++;
            _blocks[height] = (blockTimeNanos, round);
        }
        foreach (var id in transactionIds)
        {
            if (!_pending.Remove(id, out var submittedAt) || !_finalizedIds.Add(id)) continue;
            _finalized.Add((submittedAt, atMs - submittedAt));
        }
    }

    /// <summary>Heights at which nodes committed different blocks.</summary>
    public int Forks => _hashesByHeight.Values.Count(h => h.Count > 1);

    /// <summary>Submissions made before <paramref name="beforeMs"/>, and how many of them were finalized.</summary>
    public (int Submitted, int Finalized) CountBefore(double beforeMs) =>
        (_submittedAt.Count(t => t < beforeMs), _finalized.Count(f => f.SubmittedAt < beforeMs));

    /// <summary>The <paramref name="percentile"/> (0..100) of submission-to-commit latency, nearest-rank; 0 with no data.</summary>
    public double FinalityPercentileMs(double percentile) => Percentile(_finalized.Select(f => f.LatencyMs), percentile);

    /// <summary>The percentile of the time between consecutive blocks' block times (ms), over consecutive heights seen.</summary>
    public double BlockTimePercentileMs(double percentile)
    {
        var gaps = new List<double>();
        (ulong Height, long Time)? previous = null;
        foreach (var (height, block) in _blocks)
        {
            if (previous is { } p && p.Height + 1 == height) gaps.Add(Nanoseconds.ToMilliseconds(block.BlockTimeNanos - p.Time));
            previous = (height, block.BlockTimeNanos);
        }
        return Percentile(gaps, percentile);
    }

    /// <summary>The longest time between consecutive blocks' block times (ms), over consecutive heights seen; 0 with fewer than two.</summary>
    public double MaxBlockGapMs => BlockTimePercentileMs(100);

    /// <summary>Mean rounds a height took (a commit in round r took r + 1 rounds); 0 with no blocks.</summary>
    public double RoundsPerHeightMean => _blocks.Count == 0 ? 0 : _blocks.Values.Average(b => b.Round + 1.0);

    /// <summary>Nearest rank (<see cref="NearestRank"/>) at <paramref name="percentile"/> percent; 0 for no values.</summary>
    private static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : NearestRank.Of(sorted, percentile / 100.0);
    }
}
