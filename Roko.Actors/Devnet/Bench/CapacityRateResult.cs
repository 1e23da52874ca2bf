using System.Text.Json.Serialization;

namespace Roko.Actors.Devnet.Bench;

/// <summary>
/// One rate of <c>roko bench capacity</c>: what its devnet's summary says, and what the devnet's process cost.
/// <paramref name="FinalizedShare"/>: finalized / submitted among the transactions submitted before roko.devnet.settle-time
/// (later ones had no time to be sealed), 0 when none were. <paramref name="Refused"/>: submissions the node refused, by
/// reason; <paramref name="DroppedAfterAcceptance"/>: accepted ones its pool dropped later, by reason.
/// <paramref name="CpuSeconds"/>: user + system CPU of the devnet's process. <paramref name="PeakRssMb"/>: its peak resident
/// memory in MiB (the kernel's VmHWM).
/// </summary>
public sealed record CapacityRateResult(
    [property: JsonPropertyName("tx_rate")] double TxRate,
    [property: JsonPropertyName("finalized_share")] double FinalizedShare,
    [property: JsonPropertyName("finality_ms_p50")] double FinalityMsP50,
    [property: JsonPropertyName("finality_ms_p99")] double FinalityMsP99,
    [property: JsonPropertyName("blocks")] ulong Blocks,
    [property: JsonPropertyName("max_block_gap_ms")] double MaxBlockGapMs,
    [property: JsonPropertyName("refused")] IReadOnlyDictionary<string, int> Refused,
    [property: JsonPropertyName("cpu_s")] double CpuSeconds,
    [property: JsonPropertyName("peak_rss_mb")] double PeakRssMb,
    [property: JsonPropertyName("dropped_after_acceptance")] IReadOnlyDictionary<string, int> DroppedAfterAcceptance,
    [property: JsonPropertyName("forks")] int Forks,
    [property: JsonPropertyName("tx_submitted")] int TxSubmitted,
    [property: JsonPropertyName("tx_finalized")] int TxFinalized,
    [property: JsonPropertyName("tx_per_s")] double TxPerSecond,
    [property: JsonPropertyName("duration_s")] double DurationSeconds)
{
    /// <summary>Decimals the finalized share keeps, rounded down so a share just under a threshold never reads as meeting it.</summary>
    private const int ShareDecimals = 4;
    private const int CpuSecondsDecimals = 2;
    private const int MegabytesDecimals = 1;
    private const double BytesPerMebibyte = 1024 * 1024;

    public static CapacityRateResult Of(double txRate, DevnetSummary summary, TimeSpan cpu, long peakResidentBytes)
    {
        double share = summary.TxSubmittedBeforeSettle > 0 ? (double)summary.TxFinalizedBeforeSettle / summary.TxSubmittedBeforeSettle : 0;
        double scale = Math.Pow(10, ShareDecimals);
        return new CapacityRateResult(txRate, Math.Floor(share * scale) / scale, summary.FinalityMsP50, summary.FinalityMsP99, summary.Blocks,
            summary.MaxBlockGapMs, summary.Refused ?? new Dictionary<string, int>(), Math.Round(cpu.TotalSeconds, CpuSecondsDecimals),
            Math.Round(peakResidentBytes / BytesPerMebibyte, MegabytesDecimals), summary.DroppedAfterAcceptance ?? new Dictionary<string, int>(),
            summary.Forks, summary.TxSubmitted, summary.TxFinalized, summary.TxPerSecond, summary.DurationSeconds);
    }
}
