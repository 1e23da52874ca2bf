using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Hardware.TimeCard;

/// <summary>The <c>roko.clock.time-card</c> block, read once; defaults match hocon/roko.conf, where every key is documented.</summary>
public sealed record TimeCardSettings
{
    private const long NanosPerSecond = 1_000_000_000;
    private const double MaxPlausiblePpm = 100_000;

    public static TimeCardSettings Default { get; } = new();

    /// <summary>roko.clock.time-card.sysfs-root: where the driver's class directory is.</summary>
    public string SysfsRoot { get; init; } = "/sys/class/timecard";

    /// <summary>roko.clock.time-card.card: the card's directory under the root.</summary>
    public string Card { get; init; } = "ocp0";

    /// <summary>
    /// roko.clock.time-card.stand-in-clock-id: null (off) reads the card's PHC (the device its <c>ptp</c> link names); a
    /// clock id reads that clock through the same clock_gettime path instead — for tests on machines without a card.
    /// </summary>
    public int? StandInClockId { get; init; }

    /// <summary>roko.clock.time-card.timescale.</summary>
    public TimeCardTimescale Timescale { get; init; } = TimeCardTimescale.Tai;

    /// <summary>roko.clock.time-card.locked-error: the card's stated error against UTC while GNSS-locked.</summary>
    public long LockedErrorNanos { get; init; } = 100;

    /// <summary>roko.clock.time-card.holdover-drift-ppm: how fast the card's oscillator may walk off once GNSS is lost.</summary>
    public double HoldoverDriftPpm { get; init; } = 0.001;

    /// <summary>roko.clock.time-card.holdover-max-error: past this bound a card in holdover is reported unsynchronized.</summary>
    public long HoldoverMaxErrorNanos { get; init; } = 1 * NanosPerSecond;

    /// <summary>
    /// roko.clock.time-card.loss-detection: how long before its <c>LOST @</c> stamp the loss may have happened (the driver's
    /// watchdog looks once a second and stamps whole seconds); holdover is counted from the stamp minus this.
    /// </summary>
    public long LossDetectionNanos { get; init; } = 2 * NanosPerSecond;

    public string CardDirectory => Path.Combine(SysfsRoot, Card);

    public static TimeCardSettings Create(SettingsReader block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var d = Default;
        string standIn = block.GetString("stand-in-clock-id", "off");
        int? standInId = string.Equals(standIn, "off", StringComparison.OrdinalIgnoreCase)
            ? null
            : block.GetInt("stand-in-clock-id", 0, min: 0);
        string card = block.GetString("card", d.Card);
        if (card.Length == 0 || card.Contains('/'))
            throw new SettingsException(block.FullKey("card"), $"'{card}' must be a directory name such as ocp0, not a path");
        return new TimeCardSettings
        {
            SysfsRoot = block.GetString("sysfs-root", d.SysfsRoot),
            Card = card,
            StandInClockId = standInId,
            Timescale = block.GetEnum("timescale", d.Timescale),
            LockedErrorNanos = block.GetDurationNanos("locked-error", d.LockedErrorNanos),
            HoldoverDriftPpm = block.GetDouble("holdover-drift-ppm", d.HoldoverDriftPpm, 0, MaxPlausiblePpm),
            HoldoverMaxErrorNanos = block.GetDurationNanos("holdover-max-error", d.HoldoverMaxErrorNanos, min: 1),
            LossDetectionNanos = block.GetDurationNanos("loss-detection", d.LossDetectionNanos, max: 60 * NanosPerSecond),
        };
    }

    public override string ToString() => StandInClockId is { } id
        ? $"{CardDirectory} with stand-in clock id {id}"
        : CardDirectory;
}
