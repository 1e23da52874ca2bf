namespace Roko.Actors.Hardware.Time;

/// <summary>
/// The one place nanosecond durations meet other units: <see cref="TimeSpan"/>, microseconds, milliseconds and seconds.
/// A duration in nanoseconds is a plain <c>long</c> throughout the node (the difference of two <see cref="NanoMoment"/>s,
/// the wire's fields, the <c>…Nanos</c> settings), so arithmetic on it stays plain; only the crossing to and from
/// another unit goes through here (with <see cref="NanoMoment.NanosPerSecond"/>).
/// </summary>
public static class Nanoseconds
{
    /// <summary>Nanoseconds in one TimeSpan tick (100).</summary>
    public const long PerTick = NanoMoment.NanosPerSecond / TimeSpan.TicksPerSecond;

    /// <summary>Nanoseconds in one microsecond (1,000).</summary>
    public const long PerMicrosecond = 1_000;

    /// <summary>Nanoseconds in one millisecond (1,000,000).</summary>
    public const long PerMillisecond = 1_000_000;

    /// <summary>The span in nanoseconds, exactly; throws <see cref="OverflowException"/> beyond about ±292 years.</summary>
    public static long FromTimeSpan(TimeSpan span) => checked(span.Ticks * PerTick);

    /// <summary>The nanoseconds as a TimeSpan, truncated toward zero to a whole tick.</summary>
    public static TimeSpan ToTimeSpan(long nanos) => TimeSpan.FromTicks(nanos / PerTick);

    /// <summary>A timer delay that ends no earlier than <paramref name="nanos"/> from now (a negative wait counts as none): one tick past the truncation, so never zero.</summary>
    public static TimeSpan TimerDelay(long nanos) => TimeSpan.FromTicks(Math.Max(0, nanos) / PerTick + 1);

    /// <summary>The nanoseconds in fractional microseconds (<c>nanos / 1e3</c>), for display.</summary>
    public static double ToMicroseconds(long nanos) => nanos / (double)PerMicrosecond;

    /// <summary>The nanoseconds in fractional milliseconds (<c>nanos / 1e6</c>), for display and statistics.</summary>
    public static double ToMilliseconds(long nanos) => nanos / (double)PerMillisecond;

    /// <summary>The nanoseconds in fractional seconds (<c>nanos / 1e9</c>), for display and metrics.</summary>
    public static double ToSeconds(long nanos) => nanos / (double)NanoMoment.NanosPerSecond;
}
