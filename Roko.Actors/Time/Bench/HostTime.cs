using System.Diagnostics;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// The bench's "true time": the host's realtime clock read once, then advanced by the monotonic stopwatch, so an NTP
/// adjustment of the host during a run cannot move truth under the simulated clocks.
/// </summary>
public sealed class HostTime
{
    private readonly NanoMoment _epoch = SystemClockSource.Instance.Read().Time;
    private readonly long _startTicks = Stopwatch.GetTimestamp();

    public NanoMoment Now()
    {
        long ticks = Stopwatch.GetTimestamp() - _startTicks;
        return _epoch.AddNanoseconds((long)(ticks * ((double)NanoMoment.NanosPerSecond / Stopwatch.Frequency)));
    }
}
