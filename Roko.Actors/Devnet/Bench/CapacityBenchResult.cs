using System.Text.Json.Serialization;

namespace Roko.Actors.Devnet.Bench;

/// <summary>
/// What <c>roko bench capacity --json</c> prints: the capacity (<see cref="CapacityRule.CapacityOf"/>), every rate run, and
/// the thresholds the capacity was judged by.
/// </summary>
public sealed record CapacityBenchResult(
    [property: JsonPropertyName("capacity_tx_per_s")] double CapacityTxPerSecond,
    [property: JsonPropertyName("rates")] IReadOnlyList<CapacityRateResult> Rates,
    [property: JsonPropertyName("min_finalized_share")] double MinFinalizedShare,
    [property: JsonPropertyName("max_finality_ms_p99")] double MaxFinalityMsP99)
{
    public static CapacityBenchResult Of(IReadOnlyList<CapacityRateResult> runs, CapacityRule rule) =>
        new(rule.CapacityOf(runs), runs, rule.MinFinalizedShare, rule.MaxFinalityP99.TotalMilliseconds);
}

[JsonSerializable(typeof(CapacityBenchResult))]
internal sealed partial class CapacityBenchJsonContext : JsonSerializerContext;
