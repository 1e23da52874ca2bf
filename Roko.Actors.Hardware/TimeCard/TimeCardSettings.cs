using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.TimeCard;

/// <summary>The <c>roko.clock.time-card</c> block, read once; hocon/roko.conf documents every key and its default.</summary>
public sealed record TimeCardSettings
{
    private const string Off = "off";
    private const double MaxPlausiblePpm = 100_000;
    private static readonly long LongestLossDetectionNanos = Nanoseconds.FromTimeSpan(TimeSpan.FromMinutes(1));

    /// <summary>roko.clock.time-card.sysfs-root: where the driver's class directory is.</summary>
    public required string SysfsRoot { get; init; }

    /// <summary>roko.clock.time-card.card: the card's directory under the root.</summary>
    public required string Card { get; init; }

    /// <summary>
    /// roko.clock.time-card.stand-in-clock-id: null (off) reads the card's PHC (the device its <c>ptp</c> link names); a
    /// clock id reads that clock through the same clock_gettime path instead — for tests on machines without a card.
    /// </summary>
    public int? StandInClockId { get; init; }

    /// <summary>roko.clock.time-card.timescale.</summary>
    public required TimeCardTimescale Timescale { get; init; }

    /// <summary>roko.clock.time-card.locked-error: the card's stated error against UTC while GNSS-locked.</summary>
    public required long LockedErrorNanos { get; init; }

    /// <summary>roko.clock.time-card.holdover-drift-ppm: how fast the card's oscillator may walk off once GNSS is lost.</summary>
    public required double HoldoverDriftPpm { get; init; }

    /// <summary>roko.clock.time-card.holdover-max-error: past this bound a card in holdover is reported unsynchronized.</summary>
    public required long HoldoverMaxErrorNanos { get; init; }

    /// <summary>
    /// roko.clock.time-card.loss-detection: how long before its <c>LOST @</c> stamp the loss may have happened (the driver's
    /// watchdog looks once a second and stamps whole seconds); holdover is counted from the stamp minus this.
    /// </summary>
    public required long LossDetectionNanos { get; init; }

    public string CardDirectory => Path.Combine(SysfsRoot, Card);

    public static TimeCardSettings Create(SettingsReader block)
    {
        ArgumentNullException.ThrowIfNull(block);
        int? standInId = string.Equals(block.Text("stand-in-clock-id").Trim(), Off, StringComparison.OrdinalIgnoreCase)
            ? null
            : block.Int("stand-in-clock-id", 0);
        string card = block.Text("card");
        if (card.Length == 0 || card.Contains('/'))
            throw block.Invalid("card", $"'{card}' must be a directory name such as ocp0, not a path");
        return new TimeCardSettings
        {
            SysfsRoot = block.Text("sysfs-root"),
            Card = card,
            StandInClockId = standInId,
            Timescale = block.Enum<TimeCardTimescale>("timescale"),
            LockedErrorNanos = block.DurationNanos("locked-error"),
            HoldoverDriftPpm = block.Double("holdover-drift-ppm", 0, MaxPlausiblePpm),
            HoldoverMaxErrorNanos = block.DurationNanos("holdover-max-error", min: 1),
            LossDetectionNanos = block.DurationNanos("loss-detection", max: LongestLossDetectionNanos),
        };
    }

    public override string ToString() => StandInClockId is { } id
        ? $"{CardDirectory} with stand-in clock id {id}"
        : CardDirectory;
}
