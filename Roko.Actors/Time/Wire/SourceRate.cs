using System.Collections.Immutable;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// How many raw-source nanoseconds pass per nanosecond of the host's realtime clock, measured from clock captures at
/// least <see cref="MinSpacingNanos"/> apart over up to <see cref="MaxPoints"/> of them: a kernel stamp taken
/// milliseconds before the capture is carried back to the raw source at this rate, not at 1, so a source running
/// 100 ppm off the host clock costs nanoseconds, not a tenth of a microsecond per millisecond. A new source, or a
/// jump that no oscillator explains (beyond <see cref="MaxPlausibleDeviation"/>), starts the measurement afresh.
/// </summary>
public sealed record SourceRate
{
    public const long MinSpacingNanos = NanoMoment.NanosPerSecond;
    public const int MaxPoints = 8;
    public const double MaxPlausibleDeviation = 0.01;

    private SourceRate(IClockSource? source, ImmutableArray<(long Realtime, long Raw)> points)
    {
        Source = source;
        Points = points;
    }

    public static SourceRate Unknown { get; } = new(null, []);

    public IClockSource? Source { get; }
    public ImmutableArray<(long Realtime, long Raw)> Points { get; }

    /// <summary>Raw nanoseconds per realtime nanosecond; 1 until two points a second apart are known.</summary>
    public double RawPerRealtime
    {
        get
        {
            if (Points.Length < 2) return 1;
            var (firstRealtime, firstRaw) = Points[0];
            var (lastRealtime, lastRaw) = Points[^1];
            return (double)(lastRaw - firstRaw) / (lastRealtime - firstRealtime);
        }
    }

    /// <summary>The measurement after a capture of <paramref name="source"/> at <paramref name="raw"/>, realtime <paramref name="realtime"/>.</summary>
    public SourceRate Next(IClockSource source, long realtime, long raw)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!ReferenceEquals(source, Source) || Points.IsEmpty) return new SourceRate(source, [(realtime, raw)]);
        var (lastRealtime, lastRaw) = Points[^1];
        long elapsed = realtime - lastRealtime;
        if (elapsed < 0) return new SourceRate(source, [(realtime, raw)]);
        if (elapsed < MinSpacingNanos) return this;
        double ratio = (double)(raw - lastRaw) / elapsed;
        if (Math.Abs(ratio - 1) > MaxPlausibleDeviation) return new SourceRate(source, [(realtime, raw)]);
        var kept = Points.Length < MaxPoints ? Points : Points.RemoveAt(0);
        return new SourceRate(source, kept.Add((realtime, raw)));
    }
}
