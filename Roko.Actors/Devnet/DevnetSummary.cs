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
    [property: JsonPropertyName("duration_s")] double DurationSeconds,
    [property: JsonPropertyName("wire")] DevnetWireSummary? Wire = null,
    [property: JsonPropertyName("max_block_gap_ms")] double MaxBlockGapMs = 0,
    [property: JsonPropertyName("refused")] IReadOnlyDictionary<string, int>? Refused = null,
    [property: JsonPropertyName("dropped_after_acceptance")] IReadOnlyDictionary<string, int>? DroppedAfterAcceptance = null);

/// <summary>
/// What the validators sent each other in frames while the load ran (from its start to the end of the drain): envelopes,
/// bytes on the wire (after compression) and before compression, each also per finalized transaction of the load.
/// RTT tables, pings and Akka's own traffic (cluster gossip, heartbeats, remoting headers) are not counted.
/// </summary>
public sealed record DevnetWireSummary(
    [property: JsonPropertyName("compression")] bool Compression,
    [property: JsonPropertyName("envelopes")] long Envelopes,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("uncompressed_bytes")] long UncompressedBytes,
    [property: JsonPropertyName("envelopes_per_finalized_tx")] double? EnvelopesPerFinalizedTx,
    [property: JsonPropertyName("bytes_per_finalized_tx")] double? BytesPerFinalizedTx,
    [property: JsonPropertyName("uncompressed_bytes_per_finalized_tx")] double? UncompressedBytesPerFinalizedTx)
{
    public static DevnetWireSummary Of(bool compression, Monitoring.FramesSent sent, int finalized)
    {
        double? Per(long total) => finalized > 0 ? Math.Round((double)total / finalized, 1) : null;
        return new DevnetWireSummary(compression, sent.Envelopes, sent.WireBytes, sent.UncompressedBytes,
            Per(sent.Envelopes), Per(sent.WireBytes), Per(sent.UncompressedBytes));
    }
}

public sealed record DevnetNodeSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("data_dir")] string DataDir,
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("head")] string Head,
    [property: JsonPropertyName("clock")] DevnetNodeClock? Clock = null);

/// <summary>
/// How a node's clock ended the run: its source, whether it is a time card, its status, the half-width of its interval,
/// how far its estimate is from the host clock (true time for simulated clocks), and the corrections time sync applied.
/// </summary>
public sealed record DevnetNodeClock(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("time_card")] bool TimeCard,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("halfwidth_ns")] long? HalfWidthNanos,
    [property: JsonPropertyName("error_ns")] long ErrorNanos,
    [property: JsonPropertyName("truth_inside_interval")] bool TruthInside,
    [property: JsonPropertyName("corrections")] long Corrections)
{
    public static DevnetNodeClock Of(Roko.Actors.Nodes.RokoNode node)
    {
        var status = node.Services.ClockStatus();
        var before = Roko.Actors.Hardware.Clocks.SystemClockSource.Instance.Read().Time;
        var interval = node.Services.Clock.Now();
        var estimate = node.Services.Clock.Estimate();
        var after = Roko.Actors.Hardware.Clocks.SystemClockSource.Instance.Read().Time;
        long truth = before.UnixNanoseconds + (after - before) / 2;
        return new DevnetNodeClock(status.SourceName, status.TimeCard, status.Status.ToString().ToLowerInvariant(),
            status.IsBounded ? status.HalfWidthNanos : null, estimate.UnixNanoseconds - truth,
            interval.IsBounded && interval.Latest >= before && interval.Earliest <= after, status.Corrections);
    }
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(DevnetSummary))]
internal sealed partial class DevnetJsonContext : JsonSerializerContext;
