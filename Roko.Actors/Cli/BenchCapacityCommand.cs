using System.CommandLine;
using Akka.Configuration;
using Roko.Actors.Devnet.Bench;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko bench capacity [--rates 200,400,800,1600] [--duration 60s] [--set PATH=VALUE]… [--json]</c>: the devnet at increasing
/// transaction rates, one child process each; prints each rate's figures and the highest rate within the thresholds of
/// HOCON roko.bench.capacity. Defaults come from there too. Exit 0 when every run completed (whatever the capacity), 1 when a
/// devnet failed.
/// </summary>
public static class BenchCapacityCommand
{
    public static Command Create()
    {
        var rates = new Option<string?>("--rates") { Description = "Transactions per second to run, increasing, comma-separated (default roko.bench.capacity.rates = 200,400,800,1600)" };
        var duration = new Option<string?>("--duration") { Description = "Run time at each rate, e.g. 60s (default roko.bench.capacity.duration = 60s)" };
        var sets = new Option<string[]>("--set") { Description = "One HOCON setting for every devnet (repeatable), e.g. roko.devnet.validators=4" };
        var json = BenchRun.JsonOption();
        var command = new Command("capacity", "Run the devnet at increasing transaction rates and report the highest it keeps finalizing in time")
            { rates, duration, sets, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(rates) is { } text && CapacityRates.Parse(text, out var error) is null) result.AddError($"--rates '{text}': {error}");
            if (result.GetValue(duration) is { } d && !DurationText.TryParse(d, out _, out var problem)) result.AddError($"--duration '{d}': {problem}");
            foreach (var set in result.GetValue(sets) ?? [])
                if (SettingOverride.Check(set) is { } wrong) result.AddError($"--set '{set}': {wrong}");
        });
        command.SetAction((parse, cancel) =>
        {
            var given = parse.GetValue(sets) ?? [];
            // The bench's own settings take the --set overrides too (e.g. roko.bench.capacity.max-finality-p99=3s).
            var overrides = string.Join("\n", given.Select(SettingOverride.ToHocon));
            CapacitySettings settings;
            try
            {
                settings = CapacitySettings.Create(RokoConfig.Load(null, overrides.Length == 0 ? null : overrides));
            }
            catch (ConfigurationException e)
            {
                Console.Error.WriteLine($"roko bench capacity: {e.Message}");
                return Task.FromResult(ExitCodes.Failure);
            }
            var runRates = parse.GetValue(rates) is { } text ? CapacityRates.Parse(text, out _)! : settings.Rates;
            var runFor = parse.GetValue(duration) is { } d && DurationText.TryParse(d, out var parsed, out _) ? parsed : settings.Duration;
            return BenchRun.RunAsync("capacity", parse.GetValue(json),
                progress => CapacityBench.RunAsync(runRates, runFor, settings.Rule, given, progress, cancel),
                CapacityBenchJsonContext.Default.CapacityBenchResult,
                r => CapacityBenchTable.Render(r, settings.Rule),
                _ => true);
        });
        return command;
    }
}
