using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;

namespace Roko.Actors.Devnet;

/// <summary>
/// The <c>roko.devnet.clocks</c> block, read once: how `roko devnet` gives its in-process validators simulated clocks —
/// the first validator of each region a time card, the others seeded random offsets and drifts that time sync must
/// remove. hocon/roko.conf documents every key and holds its default.
/// </summary>
public sealed record DevnetClockSettings
{
    public const string ConfigPath = "roko.devnet.clocks";

    private const double MaxPlausiblePpm = 100_000;

    /// <summary>The shipped defaults: <c>roko.devnet.clocks</c> of hocon/roko.conf.</summary>
    public static DevnetClockSettings Default { get; } = Create(RokoConfig.Defaults);

    /// <summary>roko.devnet.clocks.simulated: off leaves every node on roko.clock as configured.</summary>
    public required bool Simulated { get; init; }

    /// <summary>roko.devnet.clocks.time-card-error: the error a time-card node claims (a GPS-disciplined PHC).</summary>
    public required long TimeCardErrorNanos { get; init; }

    /// <summary>roko.devnet.clocks.time-card-max-drift-ppm: a disciplined oscillator's frequency bound.</summary>
    public required double TimeCardMaxDriftPpm { get; init; }

    /// <summary>roko.devnet.clocks.max-initial-offset: other nodes start up to this far off true time, either way.</summary>
    public required long MaxInitialOffsetNanos { get; init; }

    /// <summary>roko.devnet.clocks.max-drift-ppm: other nodes' oscillators run up to this fast or slow.</summary>
    public required double MaxDriftPpm { get; init; }

    /// <summary>roko.devnet.clocks.slew-ppm: how fast the other nodes slew corrections in.</summary>
    public required double SlewPpm { get; init; }

    /// <summary>roko.devnet.clocks.step-threshold: forward corrections above this are stepped on the other nodes.</summary>
    public required long StepThresholdNanos { get; init; }

    /// <summary>roko.devnet.clocks.seed: seeds the offsets and drifts.</summary>
    public required int Seed { get; init; }

    public static DevnetClockSettings Create(Config root)
    {
        var r = SettingsReader.Section(root, ConfigPath);
        return new DevnetClockSettings
        {
            Simulated = r.Bool("simulated"),
            TimeCardErrorNanos = r.DurationNanos("time-card-error", min: 1),
            TimeCardMaxDriftPpm = r.Double("time-card-max-drift-ppm", 0, MaxPlausiblePpm),
            MaxInitialOffsetNanos = r.DurationNanos("max-initial-offset"),
            MaxDriftPpm = r.Double("max-drift-ppm", 0, MaxPlausiblePpm),
            SlewPpm = r.Double("slew-ppm", double.Epsilon, MaxPlausiblePpm),
            StepThresholdNanos = r.DurationNanos("step-threshold"),
            Seed = r.Int("seed", int.MinValue),
        };
    }
}
