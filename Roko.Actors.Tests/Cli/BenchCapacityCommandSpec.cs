using System.Text.Json;
using Roko.Actors.Cli;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>`roko bench capacity` as a real process: refusals of bad flags naming them, and one short run on the smallest devnet.</summary>
public sealed class BenchCapacityCommandSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("--rates", "fast", "--rates 'fast'")]
    [InlineData("--rates", "0,200", "--rates '0,200'")]
    [InlineData("--rates", "400,200", "rates must increase")]
    [InlineData("--duration", "soon", "--duration 'soon'")]
    [InlineData("--set", "nonsense", "--set 'nonsense'")]
    public async Task Bench_capacity_should_refuse_a_bad_flag_naming_it_and_run_nothing(string flag, string value, string expected)
    {
        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "bench", "capacity", flag, value);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, stderr);
        Assert.Empty(stdout.Trim());
    }

    /// <remarks>
    /// One validator, no archive or light node, no emulated WAN, 20 tx/s for 5 s: the smallest devnet that finalizes
    /// something, so what is checked is the bench's report (its shape and the child's measured CPU and memory), not capacity.
    /// </remarks>
    [Fact]
    public async Task Bench_capacity_should_report_each_rate_with_the_devnet_process_cpu_and_peak_memory_as_json()
    {
        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "bench", "capacity", "--rates", "20", "--duration", "5s", "--json",
            "--set", "roko.devnet.validators=1", "--set", "roko.devnet.archive=0", "--set", "roko.devnet.light=0", "--set", "roko.devnet.wan=off");

        Assert.True(exit == ExitCodes.Success, stderr);
        using var result = JsonDocument.Parse(stdout);
        var root = result.RootElement;
        Assert.True(root.TryGetProperty("capacity_tx_per_s", out _), stdout);
        var rate = Assert.Single(root.GetProperty("rates").EnumerateArray().ToList());
        Assert.Equal(20, rate.GetProperty("tx_rate").GetDouble());
        foreach (var field in new[] { "finality_ms_p50", "finality_ms_p99", "blocks", "max_block_gap_ms" })
            Assert.True(rate.TryGetProperty(field, out _), $"no {field}: {stdout}");
        Assert.Equal(JsonValueKind.Object, rate.GetProperty("refused").ValueKind);
        Assert.True(rate.GetProperty("finalized_share").GetDouble() > 0, stdout);
        Assert.True(rate.GetProperty("cpu_s").GetDouble() > 0, stdout);
        Assert.True(rate.GetProperty("peak_rss_mb").GetDouble() > 0, stdout);
        Assert.Single(stderr.Split('\n'), l => l.StartsWith("bench capacity: rate 20 tx/s: ", StringComparison.Ordinal));
        Assert.DoesNotContain("devnet: ", stderr); // the child's progress lines are summarised, not forwarded
    }
}
