using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;

namespace Roko.Actors.Time;

/// <summary>The <c>roko.timesync</c> block, read once; hocon/roko.conf documents every key and holds its default.</summary>
public sealed record TimeSyncSettings
{
    public const string ConfigPath = "roko.timesync";

    private static readonly long ShortestDurationNanos = Nanoseconds.FromTimeSpan(TimeSpan.FromMilliseconds(1));
    private const double MaxPlausiblePpm = 100_000;
    private const int MaxWindow = 1_024;
    private const int MaxProbesPerRound = 16;

    /// <summary>The shipped defaults: <c>roko.timesync</c> of hocon/roko.conf.</summary>
    public static TimeSyncSettings Default { get; } = Create(RokoConfig.Defaults);

    /// <summary>roko.timesync.probe-interval</summary>
    public required long ProbeIntervalNanos { get; init; }

    /// <summary>roko.timesync.probe-timeout: a reply later than this is dropped.</summary>
    public required long ProbeTimeoutNanos { get; init; }

    /// <summary>roko.timesync.samples-per-peer: K, the per-peer filter's window.</summary>
    public required int SamplesPerPeer { get; init; }

    /// <summary>roko.timesync.min-sources: below this many peers a round makes no correction.</summary>
    public required int MinSources { get; init; }

    /// <summary>roko.timesync.max-sample-age: older samples are not used.</summary>
    public required long MaxSampleAgeNanos { get; init; }

    /// <summary>roko.timesync.max-drift-ppm: drift allowance per second of a sample's age.</summary>
    public required double MaxDriftPpm { get; init; }

    /// <summary>roko.timesync.frequency-window: offsets used by the frequency estimator.</summary>
    public required int FrequencyWindow { get; init; }

    /// <summary>
    /// roko.timesync.frequency-min-points: rounds fitted before the line sets the clock's frequency and phase estimate;
    /// at most <see cref="FrequencyWindow"/>.
    /// </summary>
    public required int FrequencyMinPoints { get; init; }

    /// <summary>roko.timesync.probes-per-round: probes per peer per round, each sent when the previous reply is in.</summary>
    public required int ProbesPerRound { get; init; }

    /// <summary>roko.timesync.card-check.falseticker-after: rounds in a row a card's interval must miss its peers' agreement to be a falseticker.</summary>
    public required int FalsetickerAfterRounds { get; init; }

    /// <summary>roko.timesync.card-check.agree-after: rounds in a row a falseticker card must agree again to count as a time card.</summary>
    public required int AgreeAfterRounds { get; init; }

    public TimeSpan ProbeInterval => Nanoseconds.ToTimeSpan(ProbeIntervalNanos);

    public static TimeSyncSettings Create(Config root)
    {
        var r = SettingsReader.Section(root, ConfigPath);
        var cardCheck = r.Child("card-check");
        var settings = new TimeSyncSettings
        {
            ProbeIntervalNanos = r.DurationNanos("probe-interval", min: ShortestDurationNanos),
            ProbeTimeoutNanos = r.DurationNanos("probe-timeout", min: ShortestDurationNanos),
            SamplesPerPeer = r.Int("samples-per-peer", 1, MaxWindow),
            MinSources = r.Int("min-sources", 1),
            MaxSampleAgeNanos = r.DurationNanos("max-sample-age", min: ShortestDurationNanos),
            MaxDriftPpm = r.Double("max-drift-ppm", 0, MaxPlausiblePpm),
            FrequencyWindow = r.Int("frequency-window", 2, MaxWindow),
            FrequencyMinPoints = r.Int("frequency-min-points", 2, MaxWindow),
            ProbesPerRound = r.Int("probes-per-round", 1, MaxProbesPerRound),
            FalsetickerAfterRounds = cardCheck.Int("falseticker-after", 1, MaxWindow),
            AgreeAfterRounds = cardCheck.Int("agree-after", 1, MaxWindow),
        };
        if (settings.FrequencyMinPoints > settings.FrequencyWindow)
            throw r.Invalid("frequency-min-points",
                $"{settings.FrequencyMinPoints} is more than frequency-window ({settings.FrequencyWindow}): the line could never be fitted");
        return settings;
    }
}
