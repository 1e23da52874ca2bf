using System.CommandLine;
using Roko.Actors.Mempool.Bench;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench pending [--transactions 100000] [--json]</c>: the resident memory of a validator holding that many pending transactions.</summary>
public static class BenchPendingCommand
{
    public static Command Create()
    {
        var count = BenchRun.CountOption("--transactions", "Pending transactions to fill the pool with", 100_000);
        var json = BenchRun.JsonOption();
        var command = new Command("pending", "Measure the resident memory of a validator whose pool holds many pending transactions") { count, json };
        command.SetAction((parse, cancel) => BenchRun.RunAsync("pending", parse.GetValue(json),
            progress => PendingBench.RunAsync(parse.GetValue(count), progress, cancel),
            PendingBenchJsonContext.Default.PendingBenchResult,
            r => $"bench pending: {r.Pending} of {r.Requested} pending ({string.Join(", ", r.Refused.Select(kv => $"{kv.Value} {kv.Key}").DefaultIfEmpty("none refused"))}); " +
                 $"resident {r.ResidentMbBefore} MiB before, {r.ResidentMbHolding} MiB holding them (peak {r.PeakResidentMb} MiB, managed heap " +
                 $"{r.ManagedHeapMbHolding} MiB), {r.BytesPerPending} bytes per pending transaction; submitted in {r.SubmitSeconds} s",
            r => r.Pending == r.Requested));
        return command;
    }
}
