namespace Roko.Actors.Primitives;

/// <summary>
/// The nearest-rank percentile, the one definition every report of this node uses (finality, latency, throughput,
/// benches): of n ascending values, the one at rank ⌈fraction · n⌉, at least the first. It is always one of the values,
/// never an interpolation.
/// </summary>
public static class NearestRank
{
    /// <param name="ascending">The values in ascending order; not empty.</param>
    /// <param name="fraction">Between 0 and 1 (0.99 for the 99th percentile).</param>
    public static T Of<T>(IReadOnlyList<T> ascending, double fraction)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        if (ascending.Count == 0) throw new ArgumentException("a percentile of no values is undefined", nameof(ascending));
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be between 0 and 1");
        int rank = (int)Math.Ceiling(fraction * ascending.Count);
        return ascending[Math.Clamp(rank, 1, ascending.Count) - 1];
    }
}
