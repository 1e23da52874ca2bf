using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Devnet;

/// <summary>
/// The <c>roko.devnet.clocks</c> block, read once: how `roko devnet` gives its in-process validators simulated clocks —
/// the first validator of each region a time card, the others seeded random offsets and drifts that time sync must
/// remove. Defaults match hocon/roko.conf, where every key is documented.
/// </summary>
public sealed record DevnetClockSettings
{
    public const string ConfigPath = "roko.devnet.clocks";

    private const double MaxPlausiblePpm = 100_000;

    public static DevnetClockSettings Default { get; } = new();

    /// <summary>roko.devnet.clocks.simulated: off leaves every node on roko.clock as configured.</summary>
    public bool Simulated { get; init; } = true;

    /// <summary>roko.devnet.clocks.time-card-error: the error a time-card node claims (a GPS-disciplined PHC).</summary>
    public long TimeCardErrorNanos { get; init; } = 1_000;

    /// <summary>roko.devnet.clocks.time-card-max-drift-ppm: a disciplined oscillator's frequency bound.</summary>
    public double TimeCardMaxDriftPpm { get; init; } = 0.01;

    /// <summary>roko.devnet.clocks.max-initial-offset: other nodes start up to this far off true time, either way.</summary>
    public long MaxInitialOffsetNanos { get; init; } = 20_000_000;

    /// <summary>roko.devnet.clocks.max-drift-ppm: other nodes' oscillators run up to this fast or slow.</summary>
    public double MaxDriftPpm { get; init; } = 100;

    /// <summary>roko.devnet.clocks.slew-ppm: how fast the other nodes slew corrections in.</summary>
    public double SlewPpm { get; init; } = 5_000;

    /// <summary>roko.devnet.clocks.step-threshold: forward corrections above this are stepped on the other nodes.</summary>
    public long StepThresholdNanos { get; init; } = 1_000_000;

    /// <summary>roko.devnet.clocks.seed: seeds the offsets and drifts.</summary>
    public int Seed { get; init; } = 1;

    public static DevnetClockSettings Create(Config? root)
    {
        var d = Default;
        var r = new SettingsReader(root, ConfigPath);
        return new DevnetClockSettings
        {
            Simulated = r.GetBoolean("simulated", d.Simulated),
            TimeCardErrorNanos = r.GetDurationNanos("time-card-error", d.TimeCardErrorNanos, min: 1),
            TimeCardMaxDriftPpm = r.GetDouble("time-card-max-drift-ppm", d.TimeCardMaxDriftPpm, 0, MaxPlausiblePpm),
            MaxInitialOffsetNanos = r.GetDurationNanos("max-initial-offset", d.MaxInitialOffsetNanos),
            MaxDriftPpm = r.GetDouble("max-drift-ppm", d.MaxDriftPpm, 0, MaxPlausiblePpm),
            SlewPpm = r.GetDouble("slew-ppm", d.SlewPpm, double.Epsilon, MaxPlausiblePpm),
            StepThresholdNanos = r.GetDurationNanos("step-threshold", d.StepThresholdNanos),
            Seed = r.GetInt("seed", d.Seed),
        };
    }
}
