using System.Runtime.InteropServices;
using Roko.Actors.Hardware.Clocks.Linux;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// A PTP hardware clock (/dev/ptpN) read with clock_gettime on its dynamic clock id. The PHC knows nothing of its own
/// sync state (ptp4l does): without a claimed error bound its readings are unsynchronized; with one (a time card's
/// holdover guarantee, configured per deployment) they are free-running with that bound. Cross-timestamps against
/// CLOCK_REALTIME use PTP_SYS_OFFSET_PRECISE where PTP_CLOCK_GETCAPS offers it, PTP_SYS_OFFSET_EXTENDED otherwise.
/// </summary>
public sealed class PhcClockSource : IClockSource, IPhcClock, IDisposable
{
    private const int DefaultCrossSamples = 9;
    private const int SystemBefore = 0;
    private const int PhcTime = 1;
    private const int SystemAfter = 2;

    private readonly int _fd;
    private readonly int _clockId;
    private readonly long? _claimedErrorNanos;
    private int _disposed;

    /// <exception cref="ClockUnavailableException">The device is missing, not permitted, or not a clock.</exception>
    public PhcClockSource(string devicePath, long? claimedErrorNanos = null)
    {
        if (claimedErrorNanos < 0)
            throw new ArgumentOutOfRangeException(nameof(claimedErrorNanos), claimedErrorNanos, "must be >= 0");
        DevicePath = devicePath;
        _claimedErrorNanos = claimedErrorNanos;
        _fd = LibC.Open(devicePath, LibC.OpenReadOnly | LibC.OpenCloseOnExec);
        if (_fd < 0) throw new ClockUnavailableException(devicePath, Marshal.GetLastPInvokeError(), "open");
        _clockId = LinuxClockIds.FromFileDescriptor(_fd);
        try
        {
            Read();
            Capabilities = ReadCapabilities();
        }
        catch
        {
            LibC.Close(_fd);
            throw;
        }
    }

    public string DevicePath { get; }

    public string Name => $"phc ({DevicePath})";

    /// <summary>What PTP_CLOCK_GETCAPS reported when the device was opened.</summary>
    public PhcCapabilities Capabilities { get; } = null!;

    public NanoMoment ReadTime() => SystemClockSource.ReadClock(_clockId, DevicePath);

    public ClockReading Read()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var time = ReadTime();
        return _claimedErrorNanos is { } bound
            ? new ClockReading(time, bound, ClockSourceKind.Phc, ClockStatus.FreeRunning)
            : new ClockReading(time, ClockReading.UnboundedError, ClockSourceKind.Phc, ClockStatus.Unsynchronized);
    }

    public PhcCapabilities ReadCapabilities()
    {
        PtpClockCaps caps = default;
        unsafe
        {
            if (LibC.Ioctl(_fd, PtpIoctls.ClockGetCaps, &caps) != 0)
                throw new ClockUnavailableException(DevicePath, Marshal.GetLastPInvokeError(), "PTP_CLOCK_GETCAPS");
        }
        return new PhcCapabilities(caps.MaxAdjustPpb, caps.ExternalTimestampChannels, caps.PeriodicOutputChannels,
            caps.Pps != 0, caps.PinCount, caps.CrossTimestamping != 0, caps.AdjustPhase != 0);
    }

    /// <summary>
    /// PHC minus CLOCK_REALTIME: from PTP_SYS_OFFSET_PRECISE (both latched at one instant: no uncertainty) when the device
    /// offers cross-timestamping, else from PTP_SYS_OFFSET_EXTENDED, using the tightest of the sampled brackets.
    /// </summary>
    public PhcCrossTimestamp MeasureSystemOffset() =>
        Capabilities.CrossTimestamping ? MeasurePrecise() : MeasureExtended(DefaultCrossSamples);

    /// <summary>PTP_SYS_OFFSET_PRECISE: device time and CLOCK_REALTIME latched together by the hardware.</summary>
    public PhcCrossTimestamp MeasurePrecise()
    {
        var request = new PtpSysOffsetPrecise();
        unsafe
        {
            if (LibC.Ioctl(_fd, PtpIoctls.SysOffsetPrecise, &request) != 0)
                throw new ClockUnavailableException(DevicePath, Marshal.GetLastPInvokeError(), "PTP_SYS_OFFSET_PRECISE");
        }
        long phc = request.Device.ToUnixNanoseconds();
        return new PhcCrossTimestamp(phc - request.SystemRealtime.ToUnixNanoseconds(), 0, phc);
    }

    /// <summary>PHC minus CLOCK_REALTIME from PTP_SYS_OFFSET_EXTENDED, using the tightest of the sampled brackets.</summary>
    public PhcCrossTimestamp MeasureExtended(int samples)
    {
        if (samples is < 1 or > PtpSysOffsetExtended.MaxSamples)
            throw new ArgumentOutOfRangeException(nameof(samples), samples, $"1..{PtpSysOffsetExtended.MaxSamples}");
        var request = new PtpSysOffsetExtended { SampleCount = (uint)samples };
        unsafe
        {
            if (LibC.Ioctl(_fd, PtpIoctls.SysOffsetExtended, &request) != 0)
                throw new ClockUnavailableException(DevicePath, Marshal.GetLastPInvokeError(), "PTP_SYS_OFFSET_EXTENDED");
        }
        Span<PhcCrossSample> brackets = stackalloc PhcCrossSample[samples];
        for (int i = 0; i < samples; i++)
        {
            brackets[i] = new PhcCrossSample(
                request.Time(i, SystemBefore).ToUnixNanoseconds(),
                request.Time(i, PhcTime).ToUnixNanoseconds(),
                request.Time(i, SystemAfter).ToUnixNanoseconds());
        }
        return PhcCrossTimestamp.FromTightest(brackets);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) LibC.Close(_fd);
    }
}
