using System.Text.Json;
using System.Text.Json.Serialization;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// What a bench run measured. Errors and half-widths are over the converging nodes after convergence; reads and bound
/// violations are over every honest node (time cards and converging nodes) for the whole run.
/// </summary>
public sealed record TimesyncBenchResult
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    [JsonPropertyName("nodes")] public int Nodes { get; init; }

    /// <summary>How probes travelled: the production UDP socket, with kernel timestamps or (kernel refused) program stamps.</summary>
    [JsonPropertyName("probe_transport")] public string ProbeTransport { get; init; } = "";

    /// <summary>Busy threads run beside the nodes (<c>--load</c>: one per core), and the host's 1-minute load average before and after.</summary>
    [JsonPropertyName("load_threads")] public int LoadThreads { get; init; }
    [JsonPropertyName("load_average_before")] public double? LoadAverageBefore { get; init; }
    [JsonPropertyName("load_average_after")] public double? LoadAverageAfter { get; init; }
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("duration_ms")] public long DurationMs { get; init; }
    [JsonPropertyName("converged")] public bool Converged { get; init; }
    [JsonPropertyName("converged_after_ms")] public long? ConvergedAfterMs { get; init; }
    [JsonPropertyName("converged_error_threshold_ns")] public long ConvergedErrorThresholdNs { get; init; }
    [JsonPropertyName("error_ns_p50")] public long? ErrorNsP50 { get; init; }
    [JsonPropertyName("error_ns_p99")] public long? ErrorNsP99 { get; init; }
    [JsonPropertyName("error_ns_max")] public long? ErrorNsMax { get; init; }
    /// <summary>error_ns_p99 over successive 5 s windows of the run (measured reads after convergence only).</summary>
    [JsonPropertyName("error_ns_p99_by_window")] public IReadOnlyList<long> ErrorNsP99ByWindow { get; init; } = [];

    [JsonPropertyName("halfwidth_ns_p50")] public long? HalfwidthNsP50 { get; init; }
    [JsonPropertyName("halfwidth_ns_p99")] public long? HalfwidthNsP99 { get; init; }
    [JsonPropertyName("reads")] public long Reads { get; init; }

    /// <summary>Converging nodes' reads after convergence the errors are measured on (truth bracket at most max_truth_bracket_ns).</summary>
    [JsonPropertyName("error_reads")] public long ErrorReads { get; init; }

    /// <summary>Reads (every honest node, whole run) whose truth bracket exceeded max_truth_bracket_ns: the referee was preempted mid-read; no error is measured on them.</summary>
    [JsonPropertyName("wide_bracket_reads")] public long WideBracketReads { get; init; }

    [JsonPropertyName("max_truth_bracket_ns")] public long MaxTruthBracketNs { get; init; }
    [JsonPropertyName("truth_bracket_ns_p99")] public long? TruthBracketNsP99 { get; init; }
    [JsonPropertyName("bound_violations")] public long BoundViolations { get; init; }
    [JsonPropertyName("first_violation")] public string? FirstViolation { get; init; }
    [JsonPropertyName("falsetickers_detected")] public int FalsetickersDetected { get; init; }
    [JsonPropertyName("falseticker_detections")] public IReadOnlyDictionary<string, long> FalsetickerDetections { get; init; } =
        new Dictionary<string, long>();

    /// <summary>Converging nodes' samples of the time cards (probe diagnostics): round trips and θ errors against truth.</summary>
    [JsonPropertyName("card_samples")] public int CardSamples { get; init; }
    [JsonPropertyName("card_sample_delay_ns_min")] public long? CardSampleDelayNsMin { get; init; }
    [JsonPropertyName("card_sample_delay_ns_p50")] public long? CardSampleDelayNsP50 { get; init; }
    [JsonPropertyName("card_sample_delay_ns_p99")] public long? CardSampleDelayNsP99 { get; init; }
    [JsonPropertyName("card_sample_error_ns_p50")] public long? CardSampleErrorNsP50 { get; init; }
    [JsonPropertyName("card_sample_error_ns_p99")] public long? CardSampleErrorNsP99 { get; init; }
    [JsonPropertyName("card_sample_error_ns_mean")] public long? CardSampleErrorNsMean { get; init; }

    /// <summary>Mean signed θ error and median delay of the card samples by place in the round's burst (0 first).</summary>
    [JsonPropertyName("card_sample_error_ns_mean_by_sequence")] public IReadOnlyList<long> CardSampleErrorNsMeanBySequence { get; init; } = [];
    [JsonPropertyName("card_sample_delay_ns_p50_by_sequence")] public IReadOnlyList<long> CardSampleDelayNsP50BySequence { get; init; } = [];

    /// <summary>The same for the lowest-delay tenth of those samples (delay up to the max given).</summary>
    [JsonPropertyName("fastest_card_sample_delay_ns_max")] public long? FastestCardSampleDelayNsMax { get; init; }
    [JsonPropertyName("fastest_card_sample_error_ns_p50")] public long? FastestCardSampleErrorNsP50 { get; init; }
    [JsonPropertyName("fastest_card_sample_error_ns_p99")] public long? FastestCardSampleErrorNsP99 { get; init; }
    [JsonPropertyName("fastest_card_sample_error_ns_mean")] public long? FastestCardSampleErrorNsMean { get; init; }

    [JsonPropertyName("node_status")] public IReadOnlyList<TimesyncBenchNodeStatus> NodeStatus { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText() => string.Join(Environment.NewLine,
        $"nodes                  {Nodes} (seed {Seed}, {DurationMs} ms), probes over {ProbeTransport}",
        $"load                   {LoadThreads} busy thread(s); load average {LoadAverageBefore} -> {LoadAverageAfter}",
        $"converged after        {(ConvergedAfterMs is { } ms ? $"{ms} ms" : "NOT CONVERGED")} (|error| < {ConvergedErrorThresholdNs} ns)",
        $"error p50 / p99 / max  {ErrorNsP50} / {ErrorNsP99} / {ErrorNsMax} ns",
        $"error p99 by 5 s       {string.Join(" / ", ErrorNsP99ByWindow)} ns",
        $"half-width p50 / p99   {HalfwidthNsP50} / {HalfwidthNsP99} ns",
        $"reads                  {Reads} (errors measured on {ErrorReads}; {WideBracketReads} reads with a truth bracket > {MaxTruthBracketNs} ns; bracket p99 {TruthBracketNsP99} ns)",
        $"bound violations       {BoundViolations}",
        $"falsetickers detected  {FalsetickersDetected} ({string.Join(", ", FalsetickerDetections.Select(d => $"{d.Key}: {d.Value} events"))})",
        $"card samples           {CardSamples}: delay min / p50 / p99 {CardSampleDelayNsMin} / {CardSampleDelayNsP50} / {CardSampleDelayNsP99} ns, " +
        $"|θ error| p50 / p99 {CardSampleErrorNsP50} / {CardSampleErrorNsP99} ns (mean {CardSampleErrorNsMean} ns)",
        $"fastest tenth          delay <= {FastestCardSampleDelayNsMax} ns: |θ error| p50 / p99 {FastestCardSampleErrorNsP50} / " +
        $"{FastestCardSampleErrorNsP99} ns (mean {FastestCardSampleErrorNsMean} ns)",
        $"by burst place         θ error mean {string.Join(" / ", CardSampleErrorNsMeanBySequence)} ns, delay p50 " +
        $"{string.Join(" / ", CardSampleDelayNsP50BySequence)} ns");
}
