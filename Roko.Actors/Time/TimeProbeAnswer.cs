using Roko.Actors.Hardware.Clocks;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Time;

/// <summary>
/// How a node answers a <see cref="TimeProbe"/>: T2 and T3 from its clock's estimate, with the larger of the two errors
/// it can vouch for. An unsynchronized clock says so (and claims an unbounded error), so it is never used as a source —
/// in particular a node running on roko.clock.assumed-uncertainty answers with its honest, unbounded reading.
/// </summary>
public static class TimeProbeAnswer
{
    public static TimeProbeReply Reply(TimeProbe probe, DisciplinedReading received, DisciplinedReading sending)
    {
        ArgumentNullException.ThrowIfNull(probe);
        long error = Math.Max(ErrorOf(received), ErrorOf(sending));
        var status = error == long.MaxValue ? ClockStatus.Unsynchronized : sending.Status;
        return new TimeProbeReply(probe.T1, received.Estimate, sending.Estimate, probe.ProbeId, error, status);
    }

    /// <summary>Reads <paramref name="clock"/> twice (receipt, sending); a clock that is not a <see cref="NodeClock"/> vouches for its interval.</summary>
    public static TimeProbeReply Reply(TimeProbe probe, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (clock is NodeClock node) return Reply(probe, node.Read(), node.Read());
        return Reply(probe, ReadingOf(clock), ReadingOf(clock));
    }

    /// <summary>The largest distance from the estimate to either end of the interval; unbounded when unsynchronized.</summary>
    public static long ErrorOf(DisciplinedReading reading)
    {
        if (reading.Status == ClockStatus.Unsynchronized || !reading.Interval.IsBounded) return long.MaxValue;
        return Math.Max(reading.Estimate - reading.Interval.Earliest, reading.Interval.Latest - reading.Estimate);
    }

    private static DisciplinedReading ReadingOf(IClock clock)
    {
        var interval = clock.Now();
        return interval.Midpoint is { } midpoint
            ? new DisciplinedReading(midpoint, interval, ClockStatus.Synchronized)
            : new DisciplinedReading(clock.Estimate(), interval, ClockStatus.Unsynchronized);
    }
}
