using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Clocks.Linux;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// A clock that ptp4l keeps in step with a grandmaster: a NIC's PHC (hardware time stamping) or CLOCK_REALTIME (software
/// time stamping), read with clock_gettime. Its status and bound are what <see cref="Ptp4lClockJudge"/> made of ptp4l's
/// state at the last poll of the <see cref="Ptp4lMonitor"/> (which the clock actor runs beside itself), the bound growing
/// in holdover between polls.
/// </summary>
public sealed class Ptp4lClockSource : IMonitoredClockSource, IDisposable
{
    private readonly IPhcClock _clock;
    private Ptp4lJudgement _judgement = Ptp4lJudgement.NotYetAsked;

    public Ptp4lClockSource(Ptp4lSourceSettings settings, IPhcClock clock)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        Settings = settings;
        _clock = clock;
    }

    /// <summary>The disciplined clock of <paramref name="settings"/>: <paramref name="phcDevice"/> or CLOCK_REALTIME.</summary>
    /// <exception cref="ClockUnavailableException">The PHC cannot be opened.</exception>
    public static Ptp4lClockSource Create(Ptp4lSourceSettings settings, string phcDevice) =>
        new(settings, settings.Clock == Ptp4lDisciplinedClock.Phc
            ? new PhcClockSource(phcDevice)
            : new ClockIdStandIn(LinuxClockIds.ClockRealtime, "CLOCK_REALTIME"));

    public Ptp4lSourceSettings Settings { get; }

    public string Name => $"ptp4l-disciplined {_clock.Name}";

    public Ptp4lJudgement Judgement => Volatile.Read(ref _judgement);

    /// <summary>Called by the monitor after every poll.</summary>
    public void Update(Ptp4lJudgement judgement) => Volatile.Write(ref _judgement, judgement);

    /// <summary>The disciplined clock's time, on ptp4l's time scale (what its ingress times are stamped in).</summary>
    public NanoMoment ReadClock() => _clock.ReadTime();

    public ClockReading Read()
    {
        var time = _clock.ReadTime();
        var judgement = Judgement;
        var kind = _clock is PhcClockSource ? ClockSourceKind.Phc : ClockSourceKind.System;
        return new ClockReading(time, judgement.BoundAt(time), kind, judgement.StatusAt(time));
    }

    public ClockSourceCheck Refresh() =>
        new(Judgement.Reason, _clock is PhcClockSource phc ? phc.MeasureSystemOffset() : null);

    public void Dispose() => (_clock as IDisposable)?.Dispose();
}
