using System.CommandLine;
using Roko.Actors.Time.Bench;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko bench timesync [--nodes 7] [--duration 30s] [--seed S] [--load] [--json]</c>: runs <see cref="TimesyncBench"/> and prints
/// what the referee measured (one JSON object on stdout with --json; logs go to stderr).
/// Exit codes: 0 converged with no bound violation and the falseticker detected, 1 otherwise, 2 usage.
/// <see cref="Create"/> returns the <c>timesync</c> command, to be added under <c>bench</c>.
/// </summary>
public static class BenchTimesyncCommand
{
    public const string Name = "timesync";

    public static Command Create()
    {
        var defaults = new TimesyncBenchOptions();
        var nodes = new Option<int>("--nodes")
        {
            Description = $"Nodes: two time cards, one falseticker, the rest converge (at least {TimesyncBenchOptions.MinimumNodes})",
            DefaultValueFactory = _ => defaults.Nodes,
        };
        var duration = new Option<string>("--duration")
        {
            Description = "How long the referee measures, e.g. 30s or 2m",
            DefaultValueFactory = _ => "30s",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the simulated clocks' offsets, drifts and jitter",
            DefaultValueFactory = _ => defaults.Seed,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var load = new Option<bool>("--load") { Description = "Run one busy thread per core beside the nodes for the whole run" };
        var command = new Command(Name, "Measure time sync: in-process nodes on simulated clocks, probing each other over their UDP time-probe sockets on loopback");
        command.Options.Add(nodes);
        command.Options.Add(duration);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.Options.Add(load);
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!DurationText.TryParse(parse.GetValue(duration), out var runFor, out var durationError))
            {
                error.WriteLine($"bench {Name}: --duration: {durationError}");
                return ExitCodes.Usage;
            }
            var options = defaults with
            {
                Nodes = parse.GetValue(nodes), Duration = runFor, Seed = parse.GetValue(seed), BackgroundLoad = parse.GetValue(load),
            };
            if (options.Problem() is { } problem)
            {
                error.WriteLine($"bench {Name}: {problem}");
                return ExitCodes.Usage;
            }
            var result = await TimesyncBench.RunAsync(options, cancel);
            output.WriteLine(parse.GetValue(json) ? result.ToJson() : result.ToText());
            return Succeeded(result) ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    public static bool Succeeded(TimesyncBenchResult result) =>
        result.Converged && result.BoundViolations == 0 && result.FalsetickersDetected > 0;
}
