using System.CommandLine;
using System.Text.Json;
using Roko.Actors.Cli;
using Roko.Actors.Time.Bench;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Time;

public class TimesyncBenchSpec(ITestOutputHelper output)
{
    private const long GenerousErrorNanos = 2_000_000;

    [Fact]
    public async Task Short_bench_should_keep_true_time_inside_every_interval_and_detect_the_falseticker()
    {
        var result = await TimesyncBench.RunAsync(new TimesyncBenchOptions { Nodes = 5, Duration = TimeSpan.FromSeconds(9), Seed = 7 });
        output.WriteLine(result.ToJson());

        Assert.True(result.BoundViolations == 0, result.FirstViolation);
        Assert.Equal(TimesyncBench.KernelStampedUdp, result.ProbeTransport);
        Assert.True(result.Reads > 10_000, $"only {result.Reads} reads");
        Assert.True(result.Converged, "the converging nodes never converged");
        Assert.Contains("liar-2", result.FalsetickerDetections.Keys);
        Assert.Equal(1, result.FalsetickersDetected);
        Assert.InRange(result.ErrorNsP99!.Value, 0, GenerousErrorNanos);
    }

    [Fact]
    public async Task Bench_command_should_refuse_too_few_nodes_with_a_usage_error()
    {
        var error = new StringWriter();
        var parse = BenchTimesyncCommand.Create().Parse(["--nodes", "3", "--json"]);
        parse.InvocationConfiguration.Error = error;

        int exit = await parse.InvokeAsync();

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--nodes must be at least", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_result_json_should_carry_the_fields_the_issue_names()
    {
        var json = JsonDocument.Parse(new TimesyncBenchResult { Nodes = 7, ConvergedAfterMs = 1200, ErrorNsP99 = 5 }.ToJson()).RootElement;

        foreach (var field in new[]
                 {
                     "nodes", "converged_after_ms", "error_ns_p50", "error_ns_p99", "halfwidth_ns_p50", "halfwidth_ns_p99",
                     "reads", "bound_violations", "falsetickers_detected", "probe_transport", "max_truth_bracket_ns",
                     "wide_bracket_reads", "error_ns_p99_by_window", "load_threads",
                 })
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}");
        Assert.Equal(1200, json.GetProperty("converged_after_ms").GetInt64());
    }
}
