using System.Text.Json.Serialization;

namespace Roko.Actors.Devnet;

/// <summary>The one JSON object `roko devnet --json` prints on stdout.</summary>
public sealed record DevnetSummary(
    [property: JsonPropertyName("chain_id")] string ChainId,
    [property: JsonPropertyName("nodes")] IReadOnlyList<DevnetNodeSummary> Nodes,
    [property: JsonPropertyName("start_height")] ulong StartHeight,
    [property: JsonPropertyName("finalized_height")] ulong FinalizedHeight,
    [property: JsonPropertyName("blocks")] ulong Blocks,
    [property: JsonPropertyName("tx_submitted")] int TxSubmitted,
    [property: JsonPropertyName("tx_finalized")] int TxFinalized,
    [property: JsonPropertyName("tx_rejected")] int TxRejected,
    [property: JsonPropertyName("tx_pending")] int TxPending,
    [property: JsonPropertyName("tx_submitted_before_settle")] int TxSubmittedBeforeSettle,
    [property: JsonPropertyName("tx_finalized_before_settle")] int TxFinalizedBeforeSettle,
    [property: JsonPropertyName("rejections")] IReadOnlyDictionary<string, int> Rejections,
    [property: JsonPropertyName("finality_ms_p50")] double FinalityMsP50,
    [property: JsonPropertyName("finality_ms_p99")] double FinalityMsP99,
    [property: JsonPropertyName("tx_per_s")] double TxPerSecond,
    [property: JsonPropertyName("forks")] int Forks,
    [property: JsonPropertyName("block_time_ms_p50")] double BlockTimeMsP50,
    [property: JsonPropertyName("rounds_per_height_mean")] double RoundsPerHeightMean,
    [property: JsonPropertyName("duration_s")] double DurationSeconds);

public sealed record DevnetNodeSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("data_dir")] string DataDir,
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("head")] string Head);

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(DevnetSummary))]
internal sealed partial class DevnetJsonContext : JsonSerializerContext;
