using System.CommandLine;
using Roko.Actors.Devnet;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench pipeline [--transactions 20000] [--warm-up 5000] [--json]</c>: admission, assembly, commit and persistence on one validator.</summary>
public static class BenchPipelineCommand
{
    private const int DefaultWarmUp = 5000;

    public static Command Create()
    {
        var count = BenchRun.CountOption("--transactions", "Pre-signed transfers to push through", 20000);
        var warmUp = new Option<int>("--warm-up")
        {
            Description = "Pre-signed transfers pushed through first and not timed, so the run measures compiled code rather than the JIT",
            DefaultValueFactory = _ => DefaultWarmUp,
        };
        warmUp.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0) result.AddError("--warm-up must be >= 0");
        });
        var json = BenchRun.JsonOption();
        var command = new Command("pipeline", "Measure one validator's transaction pipeline against raw signature verification") { count, warmUp, json };
        command.SetAction((parse, cancel) => BenchRun.RunAsync("pipeline", parse.GetValue(json),
            progress => PipelineBench.RunAsync(parse.GetValue(count), parse.GetValue(warmUp), progress, cancel),
            PipelineBenchJsonContext.Default.PipelineBenchResult,
            r => $"bench pipeline: {r.Finalized}/{r.Transactions} finalized in {r.Blocks} blocks, {r.Seconds} s after a warm-up of {r.WarmUp}: " +
                 $"{r.TxPerSecond} tx/s; verify ceiling {r.VerifyCeilingPerSecond}/s on {r.Cores} cores (" +
                 string.Join(", ", r.VerifyCeilings.Select(c => $"{c.Key} {c.Value}/s")) + $"; the node verifies with {r.NodeVerifier}); ratio {r.Ratio}",
            r => r.Finalized == r.Transactions));
        return command;
    }
}
