using System.Collections.Immutable;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// Estimates how fast our clock drifts from true time: the least-squares slope of measured offsets (true − ours)
/// against our clock over the last few rounds. A positive slope means our clock runs slow, so the frequency
/// correction must rise by that many ppb. The estimate is clamped to ± max-drift-ppm.
/// </summary>
public sealed record FrequencyEstimator
{
    private const double PpbPerPpm = 1_000;
    private const double PartsPerBillion = 1e9;
    private const int MinimumPoints = 2;

    private FrequencyEstimator(int window, double maxDriftPpm, ImmutableArray<(NanoMoment At, long OffsetNanos)> points)
    {
        Window = window;
        MaxDriftPpm = maxDriftPpm;
        Points = points;
    }

    public int Window { get; }

    public double MaxDriftPpm { get; }

    public ImmutableArray<(NanoMoment At, long OffsetNanos)> Points { get; }

    public static FrequencyEstimator Empty(int window, double maxDriftPpm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, MinimumPoints);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDriftPpm);
        return new FrequencyEstimator(window, maxDriftPpm, []);
    }

    public FrequencyEstimator Add(NanoMoment at, long offsetNanos)
    {
        var kept = Points.Length < Window ? Points : Points.RemoveAt(0);
        return new FrequencyEstimator(Window, MaxDriftPpm, kept.Add((at, offsetNanos)));
    }

    /// <summary>
    /// After our clock has been corrected by <paramref name="phaseNanos"/> and <paramref name="frequencyPpb"/> at
    /// <paramref name="at"/>, earlier offsets no longer describe the corrected clock: re-express them as if the
    /// correction had always been in place.
    /// </summary>
    public FrequencyEstimator Corrected(NanoMoment at, long phaseNanos, double frequencyPpb)
    {
        var shifted = Points.Select(p =>
        {
            double sinceCorrection = p.At - at;
            return (p.At, p.OffsetNanos - phaseNanos - (long)Math.Round(sinceCorrection * frequencyPpb / PartsPerBillion));
        });
        return new FrequencyEstimator(Window, MaxDriftPpm, [.. shifted]);
    }

    /// <summary>The frequency adjustment in ppb, or null with fewer than two points spread over time.</summary>
    public double? EstimatePpb() => Fit() is { } fit ? fit.SlopePpb : null;

    /// <summary>
    /// The fitted line's offset at <paramref name="at"/> (with the slope clamped to ± max-drift-ppm), or null with fewer
    /// than two points spread over time. Averaging the round offsets along a line is the phase filter: each round's noise
    /// (asymmetric delays) shrinks by about the square root of the points fitted, while a steady drift is followed exactly.
    /// </summary>
    public long? OffsetAt(NanoMoment at)
    {
        if (Fit() is not { } fit) return null;
        double sinceCentroid = at.UnixNanoseconds - fit.CentroidAt;
        return fit.CentroidOffset + (long)Math.Round(fit.MeanOffset + sinceCentroid * fit.SlopePpb / PartsPerBillion);
    }

    private (double SlopePpb, long CentroidAt, long CentroidOffset, double MeanOffset)? Fit()
    {
        if (Points.Length < MinimumPoints) return null;
        long origin = Points[0].At.UnixNanoseconds;
        long offsetOrigin = Points[0].OffsetNanos;
        double meanX = 0, meanY = 0;
        foreach (var (at, offset) in Points)
        {
            meanX += at.UnixNanoseconds - origin;
            meanY += offset - offsetOrigin;
        }
        meanX /= Points.Length;
        meanY /= Points.Length;
        double sxx = 0, sxy = 0;
        foreach (var (at, offset) in Points)
        {
            double dx = at.UnixNanoseconds - origin - meanX;
            sxx += dx * dx;
            sxy += dx * (offset - offsetOrigin - meanY);
        }
        if (sxx <= 0) return null;
        double limit = MaxDriftPpm * PpbPerPpm;
        double slope = Math.Clamp(sxy / sxx * PartsPerBillion, -limit, limit);
        return (slope, origin + (long)Math.Round(meanX), offsetOrigin, meanY);
    }
}
