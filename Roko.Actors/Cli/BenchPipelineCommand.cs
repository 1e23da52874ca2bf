using System.CommandLine;
using System.Text.Json;
using Roko.Actors.Devnet;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench pipeline [--transactions 20000] [--json]</c>: admission, assembly, commit and persistence on one validator.</summary>
public static class BenchPipelineCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--transactions") { Description = "Pre-signed transfers to push through", DefaultValueFactory = _ => 20000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("pipeline", "Measure one validator's transaction pipeline against raw signature verification") { count, json };
        // On the option, so the default is not judged: a command validator read 0 when --transactions was left out.
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
                var r = await PipelineBench.RunAsync(parse.GetValue(count), Console.Error, cancel);
                if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(r, PipelineBenchJsonContext.Default.PipelineBenchResult));
                else stdout.WriteLine($"bench pipeline: {r.Finalized}/{r.Transactions} finalized in {r.Blocks} blocks, {r.Seconds} s: " +
                                      $"{r.TxPerSecond} tx/s; verify ceiling {r.VerifyCeilingPerSecond}/s on {r.Cores} cores (" +
                                      string.Join(", ", r.VerifyCeilings.Select(c => $"{c.Key} {c.Value}/s")) + $"; the node verifies with {r.NodeVerifier}); ratio {r.Ratio}");
                return r.Finalized == r.Transactions ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or IOException)
            {
                Console.Error.WriteLine($"roko bench pipeline: {e.Message}");
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
