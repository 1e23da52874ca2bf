using System.CommandLine;
using Roko.Actors.Devnet;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench pipeline [--transactions 20000] [--json]</c>: admission, assembly, commit and persistence on one validator.</summary>
public static class BenchPipelineCommand
{
    public static Command Create()
    {
        var count = BenchRun.CountOption("--transactions", "Pre-signed transfers to push through", 20000);
        var json = BenchRun.JsonOption();
        var command = new Command("pipeline", "Measure one validator's transaction pipeline against raw signature verification") { count, json };
        command.SetAction((parse, cancel) => BenchRun.RunAsync("pipeline", parse.GetValue(json),
            progress => PipelineBench.RunAsync(parse.GetValue(count), progress, cancel),
            PipelineBenchJsonContext.Default.PipelineBenchResult,
            r => $"bench pipeline: {r.Finalized}/{r.Transactions} finalized in {r.Blocks} blocks, {r.Seconds} s: " +
                 $"{r.TxPerSecond} tx/s; verify ceiling {r.VerifyCeilingPerSecond}/s on {r.Cores} cores (" +
                 string.Join(", ", r.VerifyCeilings.Select(c => $"{c.Key} {c.Value}/s")) + $"; the node verifies with {r.NodeVerifier}); ratio {r.Ratio}",
            r => r.Finalized == r.Transactions));
        return command;
    }
}
