using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>Which clock ptp4l keeps in step (roko.clock.ptp4l.clock).</summary>
public enum Ptp4lDisciplinedClock
{
    /// <summary>A NIC's PTP hardware clock (hardware time stamping): roko.clock.phc-device.</summary>
    Phc,

    /// <summary>CLOCK_REALTIME, which ptp4l steers itself under software time stamping.</summary>
    System,
}

/// <summary>
/// The <c>roko.clock.ptp4l</c> block (how the node reads a ptp4l-disciplined clock and judges ptp4l's state) with
/// <c>roko.ptp</c>'s management socket; read once, defaults in hocon/roko.conf.
/// </summary>
public sealed record Ptp4lSourceSettings
{
    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;
    private const double MaxPlausiblePpm = 100_000;

    public static Ptp4lSourceSettings Default { get; } = new();

    /// <summary>roko.clock.ptp4l.clock.</summary>
    public Ptp4lDisciplinedClock Clock { get; init; } = Ptp4lDisciplinedClock.Phc;

    /// <summary>roko.clock.ptp4l.poll-interval: how often ptp4l is asked for its state.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>roko.clock.ptp4l.sync-timeout: a slave whose last Sync is older than this has lost its master.</summary>
    public long SyncTimeoutNanos { get; init; } = 3 * NanosPerSecond;

    /// <summary>roko.clock.ptp4l.hardware-timestamp-error: per-hop time-stamping error with hardware time stamps.</summary>
    public long HardwareTimestampErrorNanos { get; init; } = 100;

    /// <summary>roko.clock.ptp4l.software-timestamp-error: per-hop time-stamping error with software time stamps.</summary>
    public long SoftwareTimestampErrorNanos { get; init; } = 10_000;

    /// <summary>roko.clock.ptp4l.holdover-drift-ppm: how fast the clock may walk off once ptp4l lost its grandmaster.</summary>
    public double HoldoverDriftPpm { get; init; } = 10;

    /// <summary>roko.clock.ptp4l.holdover-max-error: past this bound a clock holding over is unsynchronized.</summary>
    public long HoldoverMaxErrorNanos { get; init; } = 100 * NanosPerMilli;

    /// <summary>roko.ptp: the management socket, the domain and ptp4l's time stamping.</summary>
    public PtpSettings? Management { get; init; }

    /// <summary>The per-hop time-stamping error for the time stamping ptp4l is configured with.</summary>
    public long TimestampErrorNanos => Management?.TimeStamping == PtpTimeStamping.Software
        ? SoftwareTimestampErrorNanos
        : HardwareTimestampErrorNanos;

    /// <summary>Reads roko.clock.ptp4l from <paramref name="block"/> and roko.ptp from <paramref name="root"/> (all of its keys).</summary>
    public static Ptp4lSourceSettings Create(SettingsReader block, Config root)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(root);
        var d = Default;
        return new Ptp4lSourceSettings
        {
            Clock = block.GetEnum("clock", d.Clock),
            PollInterval = Nanoseconds.ToTimeSpan(block.GetDurationNanos("poll-interval", Nanoseconds.FromTimeSpan(d.PollInterval), min: 10 * NanosPerMilli)),
            SyncTimeoutNanos = block.GetDurationNanos("sync-timeout", d.SyncTimeoutNanos, min: 1),
            HardwareTimestampErrorNanos = block.GetDurationNanos("hardware-timestamp-error", d.HardwareTimestampErrorNanos),
            SoftwareTimestampErrorNanos = block.GetDurationNanos("software-timestamp-error", d.SoftwareTimestampErrorNanos),
            HoldoverDriftPpm = block.GetDouble("holdover-drift-ppm", d.HoldoverDriftPpm, 0, MaxPlausiblePpm),
            HoldoverMaxErrorNanos = block.GetDurationNanos("holdover-max-error", d.HoldoverMaxErrorNanos, min: 1),
            Management = PtpSettings.Create(root.HasPath(PtpSettings.Section) ? root.GetConfig(PtpSettings.Section) : Config.Empty),
        };
    }
}
