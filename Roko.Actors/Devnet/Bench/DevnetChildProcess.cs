using System.Diagnostics;
using System.Text.Json;

namespace Roko.Actors.Devnet.Bench;

/// <summary>What one child <c>roko devnet --json</c> printed, and what its process cost (see <see cref="DevnetChildProcess"/>).</summary>
public sealed record DevnetChildRun(DevnetSummary Summary, TimeSpan Cpu, long PeakResidentBytes);

/// <summary>
/// Runs <c>roko devnet … --json</c> as a child process, one at a time: its own memory and CPU, measurable apart from the
/// bench's. Its stdout is the summary; of its stderr (progress lines, logs) only the last lines are kept, for a failure.
/// </summary>
public static class DevnetChildProcess
{
    /// <summary>
    /// How often the child's peak resident memory is read. VmHWM is the kernel's own running peak, so the last value read
    /// before the child ends is its peak up to then; only a rise in its last half second can be missed.
    /// </summary>
    private static readonly TimeSpan MemoryPoll = TimeSpan.FromMilliseconds(500);
    /// <summary>
    /// Time a child may take beyond its run time: the devnet waits up to 2 minutes for its nodes to be ready and 1 for
    /// its first block, and after the run drains, summarises (up to 1 minute) and stops.
    /// </summary>
    private static readonly TimeSpan StartAndStopAllowance = TimeSpan.FromMinutes(5);
    /// <summary>Stderr lines of a failed child quoted in the failure: enough for its error and what led to it.</summary>
    private const int StderrTailLines = 5;

    /// <param name="arguments">roko's arguments, from <c>devnet</c> on (with <c>--json</c>).</param>
    /// <param name="what">Names the run in a failure, e.g. <c>rate 800 tx/s</c>.</param>
    public static async Task<DevnetChildRun> RunAsync(IReadOnlyList<string> arguments, TimeSpan runTime, string what, CancellationToken cancel)
    {
        var (fileName, prefix) = RokoExecutable.Command();
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(arguments)) info.ArgumentList.Add(argument);

        var stdout = new List<string>();
        var stderrTail = new Queue<string>();
        var cpuBefore = ReapedChildrenCpu.Total();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Add(e.Data); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderrTail)
            {
                stderrTail.Enqueue(e.Data);
                if (stderrTail.Count > StderrTailLines) stderrTail.Dequeue();
            }
        };
        if (!process.Start()) throw new InvalidOperationException($"{what}: could not start {fileName}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(runTime + StartAndStopAllowance);
        long peak = 0;
        try
        {
            var exited = process.WaitForExitAsync(deadline.Token);
            while (!exited.IsCompleted)
            {
                peak = ResidentMemory.Peak(process.Id) ?? peak;
                await Task.WhenAny(exited, Task.Delay(MemoryPoll, deadline.Token));
            }
            await exited;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (cancel.IsCancellationRequested) throw;
            throw new TimeoutException($"{what}: the devnet did not end within {(runTime + StartAndStopAllowance).TotalSeconds} s; stopped it");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        var cpu = ReapedChildrenCpu.Total() - cpuBefore;

        string tail;
        lock (stderrTail) tail = string.Join(" | ", stderrTail);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{what}: the devnet exited with code {process.ExitCode}; its last lines: {tail}");
        string json = stdout.LastOrDefault(l => l.Trim().Length > 0) ?? "";
        try
        {
            var summary = JsonSerializer.Deserialize(json, DevnetJsonContext.Default.DevnetSummary)
                          ?? throw new JsonException("null");
            return new DevnetChildRun(summary, cpu, peak);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{what}: the devnet printed no JSON summary ({e.Message}); its last lines: {tail}");
        }
    }
}
