using System.Text.RegularExpressions;
using Roko.Actors.Tests.Chaos;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>
/// Issue #7's must-show on a running devnet (a real `roko devnet` process: four validators, three of them time cards and
/// one synchronizing from them, under a light transaction load): every node's /metrics passes `promtool check metrics`
/// and carries a sample of all twelve seed metrics.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed partial class LiveDevnetMetricsSpec(ITestOutputHelper output)
{
    private const int Validators = 4;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    /// <summary>The seeds' twelve metrics as exported (a histogram by its _count series).</summary>
    private static readonly string[] SeedSeries =
    [
        "roko_peers", "roko_messages_total", "roko_bandwidth_bytes_total", "roko_latency_p50_seconds", "roko_latency_p99_seconds",
        "roko_block_time_seconds_count", "roko_finality_time_seconds_count", "roko_validator_participation_ratio", "roko_forks_total",
        "roko_time_drift_seconds", "roko_sync_accuracy_seconds", "roko_attestation_rate_ratio",
    ];

    [GeneratedRegex(@"(validator-\d+) HTTP API at (http://\S+/)")]
    private static partial Regex ApiLine();

    [PromtoolFact]
    public async Task Every_node_of_a_running_devnet_should_export_all_twelve_seed_metrics_clean_for_promtool()
    {
        using var dir = new TempDirectory();
        using var devnet = RokoProcess.Start("devnet", "--validators", Validators.ToString(), "--archive", "0", "--light", "0",
            "--tx-rate", "20", "--duration", "5m", "--http-port", "0", "--json", "--data-dir", dir.Combine("net"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await devnet.WaitForStderrAsync(e => ApiLine().Matches(e).Count == Validators, Generous, "every validator's HTTP API address");
            var nodes = ApiLine().Matches(devnet.Stderr).Select(m => (Name: m.Groups[1].Value, Url: new Uri(m.Groups[2].Value))).ToList();

            foreach (var (name, url) in nodes)
            {
                string exposition = "";
                var deadline = DateTime.UtcNow + Generous;
                while (true)
                {
                    exposition = await http.GetStringAsync(new Uri(url, "metrics"));
                    var missing = SeedSeries.Where(s => !HasSample(exposition, s)).ToList();
                    if (missing.Count == 0) break;
                    if (DateTime.UtcNow > deadline)
                        Assert.Fail($"{name}: no sample of {string.Join(", ", missing)} within {Generous}:\n{exposition}");
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
                string file = dir.Combine(name + ".prom");
                await File.WriteAllTextAsync(file, exposition);
                var (exitCode, said) = await HostTool.Promtool.RunWithInputAsync(file, "check", "metrics");
                Assert.True(exitCode == 0 && said.Trim().Length == 0, $"{name}: promtool check metrics exited {exitCode} and said:\n{said}");
                output.WriteLine($"{name}: all {SeedSeries.Length} seed metrics present, promtool clean; " +
                                 string.Join(", ", SeedSeries.Select(s => $"{s}={FirstValue(exposition, s)}")));
            }
        }
        finally
        {
            // The metrics are what this test is about: stop the devnet hard (its graceful stop is CleanStopSpec's
            // subject) — the process tree goes, and the data dir with the temp directory.
            devnet.KillHard();
        }
    }

    private static bool HasSample(string exposition, string series) => FirstValue(exposition, series) is not null;

    private static string? FirstValue(string exposition, string series) =>
        exposition.Split('\n')
            .Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf(' ') + 1)..])
            .FirstOrDefault();
}
