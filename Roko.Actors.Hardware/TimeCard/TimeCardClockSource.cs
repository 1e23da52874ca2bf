using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.TimeCard;

/// <summary>
/// An OCP Time Card through the Linux <c>ptp_ocp</c> driver: time from the card's PHC (the device its sysfs <c>ptp</c> link
/// names, read with clock_gettime on its dynamic clock id; converted from TAI to UTC with <c>utc_tai_offset</c>), status and
/// error bound from its sysfs attributes (<see cref="TimeCardHealth"/>), looked at again on every <see cref="Refresh"/>.
/// With <see cref="TimeCardSettings.StandInClockId"/> a POSIX clock id stands in for the PHC (tests, machines without a card).
/// </summary>
public sealed class TimeCardClockSource : IMonitoredClockSource, IDisposable
{
    private readonly TimeCardSettings _settings;
    private readonly IPhcClock _clock;
    private TimeCardHealth _health;
    private long _utcOffsetNanos;

    /// <exception cref="TimeCardUnavailableException">No card at the configured directory, or its PHC cannot be opened.</exception>
    public TimeCardClockSource(TimeCardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        var attributes = ReadAttributes();
        _clock = OpenClock(settings, attributes);
        _health = TimeCardHealth.Unusable("not looked at yet");
        try
        {
            Refresh();
        }
        catch
        {
            (_clock as IDisposable)?.Dispose();
            throw;
        }
    }

    public string Name => $"time card {_settings.Card} ({_clock.Name})";

    public TimeCardHealth Health => Volatile.Read(ref _health);

    public ClockReading Read()
    {
        var time = _clock.ReadTime().AddSaturating(-Volatile.Read(ref _utcOffsetNanos));
        var health = Health;
        long bound = health.BoundAt(time);
        return new ClockReading(time, bound, ClockSourceKind.TimeCard, health.StatusAt(time));
    }

    public ClockSourceCheck Refresh()
    {
        var cross = _clock.MeasureSystemOffset();
        TimeCardHealth health;
        try
        {
            var attributes = ReadAttributes();
            Volatile.Write(ref _utcOffsetNanos,
                _settings.Timescale == TimeCardTimescale.Tai ? (attributes.UtcTaiOffsetSeconds ?? 0) * NanoMoment.NanosPerSecond : 0);
            health = TimeCardHealth.Assess(attributes, 2 * cross.UncertaintyNanos, _settings);
        }
        catch (Exception e) when (e is TimeCardUnavailableException or TimeCardFormatException)
        {
            health = TimeCardHealth.Unusable(e.Message);
        }
        Volatile.Write(ref _health, health);
        return new ClockSourceCheck(health.Reason, cross);
    }

    public void Dispose() => (_clock as IDisposable)?.Dispose();

    private TimeCardAttributes ReadAttributes() => TimeCardSysfs.Read(_settings.SysfsRoot, _settings.Card);

    private static IPhcClock OpenClock(TimeCardSettings settings, TimeCardAttributes attributes)
    {
        if (settings.StandInClockId is { } id) return new ClockIdStandIn(id);
        try
        {
            return new PhcClockSource(attributes.PtpDevice);
        }
        catch (ClockUnavailableException e)
        {
            throw new TimeCardUnavailableException(
                $"time card {settings.CardDirectory} names {attributes.PtpDevice} as its PHC, which cannot be read ({e.Message}): " +
                "run the node with access to the device (root, or a udev rule giving its group read access)", e);
        }
    }
}
