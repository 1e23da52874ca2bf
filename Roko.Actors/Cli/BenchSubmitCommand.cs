using System.CommandLine;
using Roko.Actors.Api.Bench;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench submit [--transactions 2000] [--json]</c>: the latency of one POST /txs round trip on a real node.</summary>
public static class BenchSubmitCommand
{
    public static Command Create()
    {
        var count = BenchRun.CountOption("--transactions", "Timed requests, one at a time", 2000);
        var json = BenchRun.JsonOption();
        var command = new Command("submit", "Measure the round trip of POST /txs on one validator, one request at a time") { count, json };
        command.SetAction((parse, cancel) => BenchRun.RunAsync("submit", parse.GetValue(json),
            progress => SubmitBench.RunAsync(parse.GetValue(count), progress, cancel),
            SubmitBenchJsonContext.Default.SubmitBenchResult,
            r => $"bench submit: {r.Transactions} POST /txs round trips ({r.Accepted} accepted, {r.Refused} refused): " +
                 $"p50 {r.P50Milliseconds} ms, p90 {r.P90Milliseconds} ms, p99 {r.P99Milliseconds} ms, " +
                 $"mean {r.MeanMilliseconds} ms, max {r.MaxMilliseconds} ms on {r.Cores} cores",
            r => r.Accepted == r.Transactions));
        return command;
    }
}
