using System.CommandLine;
using Roko.Actors.Network;
using Roko.Actors.Network.Bench;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench guard [--calls 1000000]</c>: the cost of one admission through the node's guard.</summary>
public static class BenchGuardCommand
{
    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Admissions to time per case", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("guard", "Measure one admission through the node's guard: within the share, over it, blacklisted") { calls };
        calls.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--calls must be at least 1");
        });
        command.SetAction(parse =>
        {
            var r = GuardBench.Run(parse.GetValue(calls));
            Console.WriteLine($"bench guard: {r.Calls} admissions per case on one thread: allowed {r.AllowedNanos:F0} ns, " +
                              $"rate-limited {r.RateLimitedNanos:F0} ns, blacklisted {r.BlacklistedNanos:F0} ns per call");
            return ExitCodes.Success;
        });
        return command;
    }
}
