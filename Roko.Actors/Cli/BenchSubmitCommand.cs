using System.CommandLine;
using System.Text.Json;
using Roko.Actors.Api.Bench;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench submit [--transactions 2000] [--json]</c>: the latency of one POST /txs round trip on a real node.</summary>
public static class BenchSubmitCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--transactions") { Description = "Timed requests, one at a time", DefaultValueFactory = _ => 2000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("submit", "Measure the round trip of POST /txs on one validator, one request at a time") { count, json };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--transactions must be at least 1");
        });
        command.SetAction(async (parse, cancel) =>
        {
            var stdout = Console.Out;
            Console.SetOut(Console.Error);
            try
            {
                var r = await SubmitBench.RunAsync(parse.GetValue(count), Console.Error, cancel);
                if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(r, SubmitBenchJsonContext.Default.SubmitBenchResult));
                else stdout.WriteLine($"bench submit: {r.Transactions} POST /txs round trips ({r.Accepted} accepted, {r.Refused} refused): " +
                                      $"p50 {r.P50Milliseconds} ms, p90 {r.P90Milliseconds} ms, p99 {r.P99Milliseconds} ms, " +
                                      $"mean {r.MeanMilliseconds} ms, max {r.MaxMilliseconds} ms on {r.Cores} cores");
                return r.Accepted == r.Transactions ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or IOException or HttpRequestException)
            {
                Console.Error.WriteLine($"roko bench submit: {e.Message}");
                return ExitCodes.Failure;
            }
            finally
            {
                Console.SetOut(stdout);
            }
        });
        return command;
    }
}
