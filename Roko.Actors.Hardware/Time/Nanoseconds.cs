namespace Roko.Actors.Hardware.Time;

/// <summary>
/// The one place nanosecond durations meet <see cref="TimeSpan"/>. A duration in nanoseconds is a plain <c>long</c>
/// throughout the node (the difference of two <see cref="NanoMoment"/>s, the wire's fields, the <c>…Nanos</c> settings),
/// so arithmetic on it stays plain; only the crossing to and from TimeSpan's 100 ns ticks goes through here.
/// </summary>
public static class Nanoseconds
{
    /// <summary>Nanoseconds in one TimeSpan tick (100).</summary>
    public const long PerTick = NanoMoment.NanosPerSecond / TimeSpan.TicksPerSecond;

    /// <summary>The span in nanoseconds, exactly; throws <see cref="OverflowException"/> beyond about ±292 years.</summary>
    public static long FromTimeSpan(TimeSpan span) => checked(span.Ticks * PerTick);

    /// <summary>The nanoseconds as a TimeSpan, truncated toward zero to a whole tick.</summary>
    public static TimeSpan ToTimeSpan(long nanos) => TimeSpan.FromTicks(nanos / PerTick);

    /// <summary>A timer delay that ends no earlier than <paramref name="nanos"/> from now (a negative wait counts as none): one tick past the truncation, so never zero.</summary>
    public static TimeSpan TimerDelay(long nanos) => TimeSpan.FromTicks(Math.Max(0, nanos) / PerTick + 1);
}
