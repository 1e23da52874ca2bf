using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// What a node vouches for when it answers a time probe: t2 and t3 from its clock's estimate at the probe's arrival and
/// at the echo's departure, with the larger of the two errors it can vouch for. An unsynchronized clock says so (and
/// claims an unbounded error), so it is never used as a source — in particular a node running on
/// roko.clock.assumed-uncertainty answers with its honest, unbounded reading.
/// </summary>
public static class TimeProbeAnswer
{
    public readonly record struct Answer(NanoMoment T2, NanoMoment T3, long ErrorBoundNanos, ClockStatus Status);

    public static Answer Of(DisciplinedReading received, DisciplinedReading sending)
    {
        long error = Math.Max(ErrorOf(received), ErrorOf(sending));
        var status = error == long.MaxValue ? ClockStatus.Unsynchronized : sending.Status;
        return new Answer(received.Estimate, NanoMoment.Max(received.Estimate, sending.Estimate), error, status);
    }

    /// <summary>The honest reading of <paramref name="clock"/>; a clock that is not a node clock vouches for its interval.</summary>
    public static DisciplinedReading ReadingOf(IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock switch
        {
            NodeClock node => node.Read(),
            DisciplinedClock disciplined => disciplined.Read(),
            _ => ReadingOf(clock.Now(), clock.Estimate()),
        };
    }

    /// <summary>The largest distance from the estimate to either end of the interval; unbounded when unsynchronized.</summary>
    public static long ErrorOf(DisciplinedReading reading)
    {
        if (reading.Status == ClockStatus.Unsynchronized || !reading.Interval.IsBounded) return long.MaxValue;
        return Math.Max(reading.Estimate - reading.Interval.Earliest, reading.Interval.Latest - reading.Estimate);
    }

    private static DisciplinedReading ReadingOf(NanoInterval interval, NanoMoment estimate) => interval.Midpoint is { } midpoint
        ? new DisciplinedReading(midpoint, interval, ClockStatus.Synchronized)
        : new DisciplinedReading(estimate, interval, ClockStatus.Unsynchronized);
}
