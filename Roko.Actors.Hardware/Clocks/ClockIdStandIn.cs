using Roko.Actors.Hardware.Clocks.Linux;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// A stand-in for a card's PHC on machines without /dev/ptp*: a POSIX clock id (CLOCK_REALTIME = 0, CLOCK_TAI = 11, …)
/// read through the very clock_gettime call a PHC's dynamic clock id goes through. With no device there is no
/// PTP_SYS_OFFSET ioctl; the cross-timestamp brackets the read between two CLOCK_REALTIME reads in user space, as the
/// kernel's PTP_SYS_OFFSET does for drivers without gettimex64.
/// </summary>
public sealed class ClockIdStandIn(int clockId, string? name = null) : IPhcClock
{
    private const int CrossSamples = 9;

    public int ClockId { get; } = clockId;

    public string Name { get; } = name ?? $"stand-in clock id {clockId}";

    public NanoMoment ReadTime() => SystemClockSource.ReadClock(ClockId, Name);

    public PhcCrossTimestamp MeasureSystemOffset()
    {
        Span<PhcCrossSample> samples = stackalloc PhcCrossSample[CrossSamples];
        for (int i = 0; i < CrossSamples; i++)
        {
            long before = SystemClockSource.ReadClock(LinuxClockIds.ClockRealtime, Name).UnixNanoseconds;
            long clock = ReadTime().UnixNanoseconds;
            long after = SystemClockSource.ReadClock(LinuxClockIds.ClockRealtime, Name).UnixNanoseconds;
            samples[i] = new PhcCrossSample(before, clock, after);
        }
        return PhcCrossTimestamp.FromTightest(samples);
    }
}
