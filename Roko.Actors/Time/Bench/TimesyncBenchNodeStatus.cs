using System.Text.Json.Serialization;

namespace Roko.Actors.Time.Bench;

/// <summary>One node's oscillator and its sampler's last round at the end of a bench run.</summary>
public sealed record TimesyncBenchNodeStatus(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("initial_offset_ns")] long InitialOffsetNanos,
    [property: JsonPropertyName("oscillator_drift_ppm")] double OscillatorDriftPpm,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("frequency_ppb")] double? FrequencyPpb,
    [property: JsonPropertyName("time_drift_ns")] long TimeDriftNanos,
    [property: JsonPropertyName("sync_accuracy_ns")] long SyncAccuracyNanos,
    [property: JsonPropertyName("agreed_halfwidth_ns")] long AgreedHalfWidthNanos,
    [property: JsonPropertyName("agreeing")] int Agreeing,
    [property: JsonPropertyName("sources")] int Sources);
