using Roko.Actors.Primitives;

namespace Roko.Actors.Propagation.Bench;

/// <summary>Turns a run's <see cref="DeliveryLog"/> and propagator counters into its <see cref="GossipBenchSummary"/>.</summary>
public static class GossipBenchStatistics
{
    private const double MillisecondsPerSecond = 1000.0;
    private const double Median = 0.50;
    private const double NinetyNinth = 0.99;

    public static GossipBenchSummary Summarize(GossipBenchOptions options, DeliveryLog log, PropagationTotals totals, long tickFrequency, TimeSpan duration)
    {
        var coverages = new List<double>(log.Messages);
        var latenciesMs = new List<double>();
        for (int m = 0; m < log.Messages; m++)
        {
            if (!log.WasOriginated(m)) continue;
            int origin = log.OriginOf(m);
            long start = log.OriginTicks(m);
            int reached = 0;
            for (int node = 0; node < log.Nodes; node++)
            {
                if (log.DeliveryTicks(m, node) is not { } ticks) continue;
                reached++;
                if (node != origin) latenciesMs.Add((ticks - start) * MillisecondsPerSecond / tickFrequency);
            }
            coverages.Add((double)reached / log.Nodes);
        }
        latenciesMs.Sort();
        long networkDeliveries = totals.Delivered - totals.Originated;
        int messages = Math.Max(coverages.Count, 1);
        long bytesPerNode = totals.WireBytesSent / log.Nodes;
        return new GossipBenchSummary(
            Strategy: options.Strategy.ToString().ToLowerInvariant(),
            Nodes: log.Nodes,
            Messages: coverages.Count,
            Wan: options.Wan,
            PayloadBytes: GossipBenchOptions.PayloadBytes,
            Coverage: coverages.Count == 0 ? 0 : coverages.Average(),
            CoverageMin: coverages.Count == 0 ? 0 : coverages.Min(),
            P50Ms: Round(Percentile(latenciesMs, Median)),
            P99Ms: Round(Percentile(latenciesMs, NinetyNinth)),
            MaxMs: Round(latenciesMs.Count == 0 ? 0 : latenciesMs[^1]),
            DuplicatesPerDelivery: networkDeliveries == 0 ? 0 : Round((double)totals.Duplicates / networkDeliveries),
            BytesPerNode: bytesPerNode,
            BytesPerNodePerMessage: Round((double)bytesPerNode / messages),
            EnvelopesPerMessage: Round((double)totals.EnvelopesSent / messages),
            ApplicationDuplicates: log.RepeatDeliveries,
            DurationSeconds: Round(duration.TotalSeconds));
    }

    /// <summary>Nearest-rank percentile of an ascending list; 0 when it is empty.</summary>
    public static double Percentile(IReadOnlyList<double> ascending, double fraction) =>
        ascending.Count == 0 ? 0 : NearestRank.Of(ascending, fraction);

    private static double Round(double value) => Math.Round(value, 3);
}
