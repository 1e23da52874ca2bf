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
/// <c>roko.ptp</c>'s management socket; read once, every key and its default in hocon/roko.conf.
/// </summary>
public sealed record Ptp4lSourceSettings
{
    private const double MaxPlausiblePpm = 100_000;
    private static readonly TimeSpan ShortestPollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>roko.clock.ptp4l.clock.</summary>
    public required Ptp4lDisciplinedClock Clock { get; init; }

    /// <summary>roko.clock.ptp4l.poll-interval: how often ptp4l is asked for its state.</summary>
    public required TimeSpan PollInterval { get; init; }

    /// <summary>roko.clock.ptp4l.sync-timeout: a slave whose last Sync is older than this has lost its master.</summary>
    public required long SyncTimeoutNanos { get; init; }

    /// <summary>roko.clock.ptp4l.hardware-timestamp-error: per-hop time-stamping error with hardware time stamps.</summary>
    public required long HardwareTimestampErrorNanos { get; init; }

    /// <summary>roko.clock.ptp4l.software-timestamp-error: per-hop time-stamping error with software time stamps.</summary>
    public required long SoftwareTimestampErrorNanos { get; init; }

    /// <summary>roko.clock.ptp4l.holdover-drift-ppm: how fast the clock may walk off once ptp4l lost its grandmaster.</summary>
    public required double HoldoverDriftPpm { get; init; }

    /// <summary>roko.clock.ptp4l.holdover-max-error: past this bound a clock holding over is unsynchronized.</summary>
    public required long HoldoverMaxErrorNanos { get; init; }

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
        return new Ptp4lSourceSettings
        {
            Clock = block.Enum<Ptp4lDisciplinedClock>("clock"),
            PollInterval = Nanoseconds.ToTimeSpan(block.DurationNanos("poll-interval", min: Nanoseconds.FromTimeSpan(ShortestPollInterval))),
            SyncTimeoutNanos = block.DurationNanos("sync-timeout", min: 1),
            HardwareTimestampErrorNanos = block.DurationNanos("hardware-timestamp-error"),
            SoftwareTimestampErrorNanos = block.DurationNanos("software-timestamp-error"),
            HoldoverDriftPpm = block.Double("holdover-drift-ppm", 0, MaxPlausiblePpm),
            HoldoverMaxErrorNanos = block.DurationNanos("holdover-max-error", min: 1),
            Management = PtpSettings.Create(SettingsReader.Section(root, PtpSettings.Section)),
        };
    }
}
