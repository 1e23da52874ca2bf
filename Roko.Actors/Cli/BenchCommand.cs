using System.CommandLine;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench …</c>: benchmarks that print their figures (tests assert behaviour; benchmarks measure).</summary>
public static class BenchCommand
{
    public static Command Create() => new("bench", "Run a benchmark and print its figures")
    {
        BenchTimesyncCommand.Create(),
        BenchGossipCommand.Create(),
        BenchFinalityCommand.Create(),
        BenchPipelineCommand.Create(),
        BenchStateCommand.Create(),
        BenchGuardCommand.Create(),
        BenchSubmitCommand.Create(),
        BenchCapacityCommand.Create(),
        BenchPendingCommand.Create(),
    };
}
