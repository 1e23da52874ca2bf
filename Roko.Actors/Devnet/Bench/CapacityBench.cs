using System.Globalization;

namespace Roko.Actors.Devnet.Bench;

/// <summary>
/// <c>roko bench capacity</c>: the devnet (roko.devnet's shape, with the bench's <c>--set</c> overrides) run at each rate in
/// turn, each a fresh network in a temporary directory in a child process of its own, deleted afterwards. Nodes serve
/// their HTTP API on free ports, so the bench runs beside a devnet on the default ports.
/// </summary>
public static class CapacityBench
{
    public static async Task<CapacityBenchResult> RunAsync(IReadOnlyList<double> rates, TimeSpan duration, CapacityRule rule,
        IReadOnlyList<string> sets, TextWriter progress, CancellationToken cancel)
    {
        var runs = new List<CapacityRateResult>();
        foreach (var rate in rates)
        {
            string what = $"rate {CapacityRates.Format(rate)} tx/s";
            string dir = Path.Combine(Path.GetTempPath(), "roko-bench-capacity-" + Guid.NewGuid().ToString("N"));
            progress.WriteLine($"bench capacity: {what} for {duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (devnet in {dir})");
            try
            {
                var child = await DevnetChildProcess.RunAsync(DevnetArguments(rate, duration, dir, sets), duration, what, cancel);
                var run = CapacityRateResult.Of(rate, child.Summary, child.Cpu, child.PeakResidentBytes);
                runs.Add(run);
                progress.WriteLine($"bench capacity: {what}: {run.FinalizedShare:P2} finalized, finality p50 {run.FinalityMsP50} ms p99 {run.FinalityMsP99} ms, " +
                                   $"{run.Blocks} blocks, cpu {run.CpuSeconds} s, peak RSS {run.PeakRssMb} MiB: " +
                                   (rule.Meets(run) ? "meets the thresholds" : "misses the thresholds"));
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } // a leftover temp dir is not worth failing the bench for
            }
        }
        return CapacityBenchResult.Of(runs, rule);
    }

    private static List<string> DevnetArguments(double rate, TimeSpan duration, string dir, IReadOnlyList<string> sets)
    {
        var arguments = new List<string>
        {
            "devnet", "--duration", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--tx-rate", rate.ToString(CultureInfo.InvariantCulture), "--data-dir", dir, "--json", "--http-port", "0",
        };
        foreach (var set in sets) arguments.AddRange(["--set", set]);
        return arguments;
    }
}
