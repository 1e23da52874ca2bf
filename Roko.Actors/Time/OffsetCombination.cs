namespace Roko.Actors.Time;

/// <summary>
/// The clock's point estimate inside the interval Marzullo agreed on: the survivors' points (each peer's best sample's
/// θ) averaged with weights 1 / half-width², so a time card reached over a short round trip counts for far more than a
/// distant peer or one that is itself only loosely synchronized (chrony's combining, weighted by root distance). The
/// result is clamped into the agreed interval, which alone is what the clock claims; the point only says where in it
/// true time most likely is.
/// </summary>
public static class OffsetCombination
{
    /// <summary>A half-width of zero is weighted as if it were this wide, so one exact source cannot divide by zero.</summary>
    private const double SmallestHalfWidthNanos = 1;

    /// <summary>
    /// The weighted point of the <paramref name="survivors"/> that carry one, clamped into
    /// [<paramref name="agreedLow"/>, <paramref name="agreedHigh"/>]; null when none carries a point.
    /// </summary>
    public static long? Combine(IEnumerable<PeerInterval> survivors, long agreedLow, long agreedHigh)
    {
        ArgumentNullException.ThrowIfNull(survivors);
        if (agreedLow > agreedHigh) throw new ArgumentException($"agreed interval [{agreedLow}, {agreedHigh}] is empty");
        double weights = 0, sum = 0;
        long? reference = null;
        foreach (var peer in survivors)
        {
            if (peer.PointNanos is not { } point) continue;
            reference ??= point;
            double halfWidth = Math.Max(SmallestHalfWidthNanos, peer.HalfWidthNanos);
            double weight = 1 / (halfWidth * halfWidth);
            weights += weight;
            sum += weight * (point - reference.Value);
        }
        if (reference is not { } origin) return null;
        long combined = origin + (long)Math.Round(sum / weights);
        return Math.Clamp(combined, agreedLow, agreedHigh);
    }
}
