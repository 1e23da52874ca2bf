using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// Judges a ptp4l-disciplined clock from ptp4l's own state (pure; docs/time.md "ptp4l-disciplined PHC"):
/// <list type="bullet">
/// <item>A SLAVE port (or, when ptp4l only measures — roko.ptp.free-running — an UNCALIBRATED one, plus the drift since
/// the Sync) whose grandmaster is present, locked to a primary reference (clock class 6 or 13), states its
/// accuracy and sent a Sync within sync-timeout is <see cref="ClockStatus.Synchronized"/>, within
/// |master offset| + mean path delay + steps removed × time-stamping error + the grandmaster's accuracy.</item>
/// <item>This clock as grandmaster reports its own clock class: 6/13 synchronized within its stated accuracy,
/// 7/14 (holding over within specification) holdover, anything else unsynchronized.</item>
/// <item>Anything else (grandmaster lost or no longer traceable, port LISTENING, UNCALIBRATED or FAULTY, no Sync,
/// ptp4l unreachable) after having been locked is <see cref="ClockStatus.Holdover"/> from the last locked moment, the bound
/// growing at holdover-drift-ppm; never locked, it is unsynchronized.</item>
/// </list>
/// </summary>
public static class Ptp4lClockJudge
{
    private const double PartsPerMillion = 1e-6;

    /// <summary>portDS.delayMechanism of the peer-to-peer mechanism (IEEE 1588 table 9: 1 E2E, 2 P2P).</summary>
    private const byte PeerToPeer = 2;

    /// <summary>Clock classes of a clock synchronized to a primary reference time source (IEEE 1588-2008 table 5).</summary>
    public static IReadOnlySet<byte> PrimaryReferenceClasses { get; } = new HashSet<byte> { 6, 13 };

    /// <summary>Clock classes of a clock that lost its primary reference and holds over within specification.</summary>
    public static IReadOnlySet<byte> HoldoverClasses { get; } = new HashSet<byte> { 7, 14 };

    /// <summary>Judges one poll; <paramref name="failure"/> (with a null observation) says why ptp4l could not be read.</summary>
    public static Ptp4lJudgement Judge(Ptp4lObservation? observation, string? failure, NanoMoment now, Ptp4lJudgement previous,
        Ptp4lSourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(settings);
        if (observation is null) return Lost(previous, now, $"ptp4l unreachable: {failure}", null, settings);
        var (lockedBound, problem) = observation.IsGrandmaster ? AsGrandmaster(observation) : AsSlave(observation, settings);
        if (lockedBound is { } bound)
            return new Ptp4lJudgement(ClockStatus.Synchronized, HoldoverBound.Locked(bound, settings.HoldoverMaxErrorNanos),
                observation.IsGrandmaster ? $"grandmaster of clock class {observation.GrandmasterClockClass}"
                    : $"slave of grandmaster {observation.Parent.GrandmasterIdentity} (clock class {observation.GrandmasterClockClass})",
                observation, observation.ClockNow, bound);
        if (observation.IsGrandmaster && HoldoverClasses.Contains(observation.GrandmasterClockClass)
            && PtpClockAccuracy.Nanoseconds(observation.Parent.GrandmasterClockQuality.ClockAccuracy) is { } stated)
        {
            var since = previous.Status == ClockStatus.Holdover && previous.Bound.Since is { } started ? started : observation.ClockNow;
            return new Ptp4lJudgement(ClockStatus.Holdover,
                new HoldoverBound(stated, since, settings.HoldoverDriftPpm, settings.HoldoverMaxErrorNanos),
                $"grandmaster of clock class {observation.GrandmasterClockClass}: holding over", observation, previous.LastLocked, stated);
        }
        return Lost(previous, now, problem!, observation, settings);
    }

    private static (long? Bound, string? Problem) AsGrandmaster(Ptp4lObservation o)
    {
        byte clockClass = o.GrandmasterClockClass;
        if (!PrimaryReferenceClasses.Contains(clockClass))
            return (null, $"grandmaster of clock class {clockClass}: not locked to a primary reference (6 or 13)");
        if (PtpClockAccuracy.Nanoseconds(o.Parent.GrandmasterClockQuality.ClockAccuracy) is not { } accuracy)
            return (null, $"grandmaster of clock class {clockClass} states no accuracy (clockAccuracy 0x{o.Parent.GrandmasterClockQuality.ClockAccuracy:X2}): set roko.ptp.clock-accuracy");
        return (accuracy, null);
    }

    private static (long? Bound, string? Problem) AsSlave(Ptp4lObservation o, Ptp4lSourceSettings settings)
    {
        // Measure-only (roko.ptp.free-running): ptp4l never adjusts the clock, so its servo never locks and its port stays
        // UNCALIBRATED while it follows a master; its offsets are then the clock's own error, measured.
        bool measureOnly = settings.Management?.FreeRunning == true;
        if (o.Port.PortState != PtpPortState.Slave && !(measureOnly && o.Port.PortState == PtpPortState.Uncalibrated))
            return (null, measureOnly ? $"port {o.Port.PortState}, not following a master (SLAVE or UNCALIBRATED)" : $"port {o.Port.PortState}, not SLAVE");
        if (!o.Time.GrandmasterPresent)
            return (null, "no grandmaster present");
        byte clockClass = o.GrandmasterClockClass;
        if (!PrimaryReferenceClasses.Contains(clockClass))
            return (null, $"grandmaster {o.Parent.GrandmasterIdentity} has clock class {clockClass}: not locked to a primary reference (6 or 13)");
        if (PtpClockAccuracy.Nanoseconds(o.Parent.GrandmasterClockQuality.ClockAccuracy) is not { } accuracy)
            return (null, $"grandmaster {o.Parent.GrandmasterIdentity} states no accuracy (clockAccuracy 0x{o.Parent.GrandmasterClockQuality.ClockAccuracy:X2})");
        long age = o.ClockNow.UnixNanoseconds - o.Time.IngressTimeNanoseconds;
        if (o.Time.IngressTimeNanoseconds == 0 || age > settings.SyncTimeoutNanos)
            return (null, o.Time.IngressTimeNanoseconds == 0 ? "no Sync received yet" : $"last Sync {age / Nanoseconds.PerMillisecond} ms ago (sync-timeout {settings.SyncTimeoutNanos / Nanoseconds.PerMillisecond} ms)");
        // Until a path delay is measured ptp4l has no offset either (it reports 0): peer delay (P2P) or mean path delay (E2E).
        double delay = o.Port.DelayMechanism == PeerToPeer ? o.Port.PeerMeanPathDelayNanoseconds : o.Current.MeanPathDelayNanoseconds;
        if (delay <= 0)
            return (null, "no path delay measured yet");
        long hops = Math.Max(1, (long)o.Current.StepsRemoved);
        long bound = Math.Abs(o.Time.MasterOffsetNanoseconds) + (long)Math.Ceiling(delay)
                     + hops * settings.TimestampErrorNanos + accuracy;
        // Measure-only, the clock keeps drifting after the offset was measured: allow for it over the Sync's age.
        if (measureOnly) bound += (long)Math.Ceiling(Math.Max(0, age) * settings.HoldoverDriftPpm * PartsPerMillion);
        return (bound, null);
    }

    private static Ptp4lJudgement Lost(Ptp4lJudgement previous, NanoMoment now, string reason, Ptp4lObservation? seen, Ptp4lSourceSettings settings)
    {
        if (previous.LastLocked is not { } lastLocked)
            return new Ptp4lJudgement(ClockStatus.Unsynchronized, new HoldoverBound(ClockReading.UnboundedError, null, 0, 0),
                reason, seen, null, 0);
        var bound = new HoldoverBound(previous.LockedBoundNanos, lastLocked, settings.HoldoverDriftPpm, settings.HoldoverMaxErrorNanos);
        var status = bound.At(now) == ClockReading.UnboundedError ? ClockStatus.Unsynchronized : ClockStatus.Holdover;
        return new Ptp4lJudgement(status, bound, $"{reason}; holding over since the last lock", seen, lastLocked, previous.LockedBoundNanos);
    }
}
