using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>The <c>roko.timesync</c> block, read once. Defaults match hocon/roko.conf, where every key is documented.</summary>
public sealed record TimeSyncSettings
{
    public const string ConfigPath = "roko.timesync";

    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;
    private const double MaxPlausiblePpm = 100_000;
    private const int MaxWindow = 1_024;
    private const int MaxProbesPerRound = 16;

    public static TimeSyncSettings Default { get; } = new();

    /// <summary>roko.timesync.probe-interval</summary>
    public long ProbeIntervalNanos { get; init; } = 1 * NanosPerSecond;

    /// <summary>roko.timesync.probe-timeout: a reply later than this is dropped.</summary>
    public long ProbeTimeoutNanos { get; init; } = 2 * NanosPerSecond;

    /// <summary>roko.timesync.samples-per-peer: K, the per-peer filter's window.</summary>
    public int SamplesPerPeer { get; init; } = 8;

    /// <summary>roko.timesync.min-sources: below this many peers a round makes no correction.</summary>
    public int MinSources { get; init; } = 3;

    /// <summary>roko.timesync.max-sample-age: older samples are not used.</summary>
    public long MaxSampleAgeNanos { get; init; } = 60 * NanosPerSecond;

    /// <summary>roko.timesync.max-drift-ppm: drift allowance per second of a sample's age.</summary>
    public double MaxDriftPpm { get; init; } = 100;

    /// <summary>roko.timesync.frequency-window: offsets used by the frequency estimator.</summary>
    public int FrequencyWindow { get; init; } = 16;

    /// <summary>
    /// roko.timesync.frequency-min-points: rounds fitted before the line sets the clock's frequency and phase estimate;
    /// at most <see cref="FrequencyWindow"/>.
    /// </summary>
    public int FrequencyMinPoints { get; init; } = 8;

    /// <summary>roko.timesync.probes-per-round: probes per peer per round, each sent when the previous reply is in.</summary>
    public int ProbesPerRound { get; init; } = 2;

    /// <summary>roko.timesync.card-check.falseticker-after: rounds in a row a card's interval must miss its peers' agreement to be a falseticker.</summary>
    public int FalsetickerAfterRounds { get; init; } = 3;

    /// <summary>roko.timesync.card-check.agree-after: rounds in a row a falseticker card must agree again to count as a time card.</summary>
    public int AgreeAfterRounds { get; init; } = 3;

    public TimeSpan ProbeInterval => Nanoseconds.ToTimeSpan(ProbeIntervalNanos);

    public static TimeSyncSettings Create(Config? root)
    {
        var d = Default;
        var r = new SettingsReader(root, ConfigPath);
        var settings = new TimeSyncSettings
        {
            ProbeIntervalNanos = r.GetDurationNanos("probe-interval", d.ProbeIntervalNanos, min: NanosPerMilli),
            ProbeTimeoutNanos = r.GetDurationNanos("probe-timeout", d.ProbeTimeoutNanos, min: NanosPerMilli),
            SamplesPerPeer = r.GetInt("samples-per-peer", d.SamplesPerPeer, 1, MaxWindow),
            MinSources = r.GetInt("min-sources", d.MinSources, 1),
            MaxSampleAgeNanos = r.GetDurationNanos("max-sample-age", d.MaxSampleAgeNanos, min: NanosPerMilli),
            MaxDriftPpm = r.GetDouble("max-drift-ppm", d.MaxDriftPpm, 0, MaxPlausiblePpm),
            FrequencyWindow = r.GetInt("frequency-window", d.FrequencyWindow, 2, MaxWindow),
            FrequencyMinPoints = r.GetInt("frequency-min-points", d.FrequencyMinPoints, 2, MaxWindow),
            ProbesPerRound = r.GetInt("probes-per-round", d.ProbesPerRound, 1, MaxProbesPerRound),
            FalsetickerAfterRounds = r.Child("card-check").GetInt("falseticker-after", d.FalsetickerAfterRounds, 1, MaxWindow),
            AgreeAfterRounds = r.Child("card-check").GetInt("agree-after", d.AgreeAfterRounds, 1, MaxWindow),
        };
        if (settings.FrequencyMinPoints > settings.FrequencyWindow)
            throw new SettingsException(r.FullKey("frequency-min-points"),
                $"{settings.FrequencyMinPoints} is more than frequency-window ({settings.FrequencyWindow}): the line could never be fitted");
        return settings;
    }
}
