using System.Globalization;
using System.Text;

namespace Roko.Actors.Devnet.Bench;

/// <summary><c>roko bench capacity</c> without <c>--json</c>: one row per rate, then the capacity line.</summary>
public static class CapacityBenchTable
{
    private const double Percent = 100;
    private const string ColumnGap = "  ";
    private static readonly string[] Headers =
        ["tx/s", "finalized", "p50 ms", "p99 ms", "blocks", "max gap ms", "cpu s", "peak RSS MiB", "meets", "refused"];

    public static string Render(CapacityBenchResult result, CapacityRule rule)
    {
        var rows = result.Rates.Select(r => new[]
        {
            CapacityRates.Format(r.TxRate), Number(r.FinalizedShare * Percent, "0.00") + " %", Number(r.FinalityMsP50, "0"), Number(r.FinalityMsP99, "0"),
            r.Blocks.ToString(CultureInfo.InvariantCulture), Number(r.MaxBlockGapMs, "0"), Number(r.CpuSeconds, "0.0"), Number(r.PeakRssMb, "0"),
            rule.Meets(r) ? "yes" : "no",
            r.Refused.Count == 0 ? "-" : string.Join(", ", r.Refused.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")),
        }).ToList();
        var widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Prepend(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        // Every column but the last (refused, free text) right-aligned, as numbers are.
        string Line(IReadOnlyList<string> cells) =>
            string.Join(ColumnGap, cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadLeft(widths[i]))).TrimEnd();
        text.AppendLine(Line(Headers));
        foreach (var row in rows) text.AppendLine(Line(row));
        text.Append(CapacityLine(result.CapacityTxPerSecond, rule));
        return text.ToString();
    }

    /// <summary><c>capacity: 800 tx/s (&gt;= 99 % finalized, finality p99 &lt;= 2 s)</c>.</summary>
    public static string CapacityLine(double capacity, CapacityRule rule) =>
        $"capacity: {CapacityRates.Format(capacity)} tx/s (>= {Number(rule.MinFinalizedShare * Percent, "0.##")} % finalized, " +
        $"finality p99 <= {Number(rule.MaxFinalityP99.TotalSeconds, "0.###")} s)";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
