using System.Runtime.InteropServices;
using Roko.Actors.Hardware.Clocks.Linux;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// CLOCK_REALTIME with its error bound from a read-only adjtimex: maxerror (microseconds) when the kernel says the
/// clock is synchronized, unbounded when STA_UNSYNC is set or adjtimex returns TIME_ERROR.
/// </summary>
public sealed class SystemClockSource : IClockSource
{
    private const string DevicePath = "CLOCK_REALTIME";

    public static SystemClockSource Instance { get; } = new();

    public string Name => "system (CLOCK_REALTIME)";

    public ClockReading Read()
    {
        var kernel = ReadKernelState();
        var time = ReadRealtime();
        return kernel.Synchronized
            ? new ClockReading(time, kernel.MaxErrorNanos, ClockSourceKind.System, ClockStatus.Synchronized)
            : new ClockReading(time, ClockReading.UnboundedError, ClockSourceKind.System, ClockStatus.Unsynchronized);
    }

    /// <summary>What the kernel's NTP state says about CLOCK_REALTIME, as read by adjtimex with modes = 0.</summary>
    public static SystemClockKernelState ReadKernelState()
    {
        Timex timex = default;
        int state;
        unsafe
        {
            state = LibC.AdjTimex(&timex);
        }
        if (state < 0) throw new ClockUnavailableException(DevicePath, Marshal.GetLastPInvokeError(), "adjtimex");
        bool unsync = (timex.Status & Timex.StaUnsync) != 0 || state == Timex.TimeError;
        return new SystemClockKernelState(
            state, timex.Status, timex.MaxErrorMicros * Nanoseconds.PerMicrosecond, timex.EstimatedErrorMicros * Nanoseconds.PerMicrosecond, !unsync);
    }

    internal static NanoMoment ReadRealtime() => ReadClock(LinuxClockIds.ClockRealtime, DevicePath);

    internal static NanoMoment ReadClock(int clockId, string devicePath)
    {
        Timespec ts = default;
        int result;
        unsafe
        {
            result = LibC.ClockGetTime(clockId, &ts);
        }
        if (result != 0) throw new ClockUnavailableException(devicePath, Marshal.GetLastPInvokeError(), "clock_gettime");
        return NanoMoment.FromUnixSeconds(ts.Seconds, ts.Nanoseconds);
    }
}

/// <summary>adjtimex's answer: return code (TIME_OK=0 .. TIME_ERROR=5), STA_* bits, errors in nanoseconds.</summary>
public sealed record SystemClockKernelState(
    int ClockState, int StatusBits, long MaxErrorNanos, long EstimatedErrorNanos, bool Synchronized);
