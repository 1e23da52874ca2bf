using System.Diagnostics;
using System.Text;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// A real `roko` process (the roko.dll copied next to the tests), with its stdout and stderr captured line by line.
/// Disposing kills it if it is still running.
/// </summary>
public sealed class RokoProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();

    private RokoProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_gate) _stderr.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static RokoProcess Start(params string[] args) => Launch(["dotnet", Path.Combine(AppContext.BaseDirectory, "roko.dll"), .. args]);

    private static RokoProcess Launch(string[] command)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1)) info.ArgumentList.Add(arg);
        return new RokoProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start roko"));
    }

    /// <summary>
    /// Starts roko as a terminal would run it in the foreground: in a session and process group of its own (setsid), with
    /// SIGINT and SIGTERM at their default disposition (a test host started without job control ignores SIGINT, and a
    /// child inherits that), so <see cref="SignalGroupAsync"/> reaches it as Ctrl-C would.
    /// </summary>
    public static RokoProcess StartInOwnSession(params string[] args) =>
        Launch(["setsid", "env", "--default-signal=INT,TERM", "dotnet", Path.Combine(AppContext.BaseDirectory, "roko.dll"), .. args]);

    /// <summary>Sends <paramref name="signal"/> (INT, TERM) to roko's process group, as a terminal's Ctrl-C does (needs <see cref="StartInOwnSession"/>).</summary>
    public async Task SignalGroupAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", "--", $"-{_process.Id}"]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Runs roko to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Start(args);
        using var cancel = new CancellationTokenSource(timeout);
        await process._process.WaitForExitAsync(cancel.Token);
        process._process.WaitForExit(); // flushes the asynchronous output readers
        return (process._process.ExitCode, process.Stdout, process.Stderr);
    }

    public string Stdout { get { lock (_gate) return _stdout.ToString(); } }
    public string Stderr { get { lock (_gate) return _stderr.ToString(); } }
    /// <summary>True once the process ended (or this handle was disposed, e.g. by a test tearing down).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }
    public int ProcessId => _process.Id;

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls the captured stderr until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public async Task WaitForStderrAsync(Func<string, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Stderr))
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the asynchronous output readers
                throw new InvalidOperationException($"roko exited ({_process.ExitCode}) before {what}:\n{Stderr}\n{Stdout}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within {timeout}:\n{Stderr}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>SIGTERM: the graceful stop an operator or systemd sends; waits up to <paramref name="timeout"/> for the exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
            await kill.WaitForExitAsync();
        }
        return await WaitForExitAsync(timeout);
    }

    /// <summary>SIGSTOP: the process stops where it stands (no message in or out) until <see cref="Thaw"/>.</summary>
    public void Freeze() => Signal(SigStop);

    /// <summary>SIGCONT: a frozen process runs on.</summary>
    public void Thaw() => Signal(SigCont);

    private const int SigStop = 19;
    private const int SigCont = 18;

    private void Signal(int signal)
    {
        if (!_process.HasExited && SendSignal(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    // Sent directly (not through a `kill` child process) so a freeze lands within microseconds of the decision to freeze.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGKILL: no shutdown hooks, no flushing — a crash.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            KillHard();
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }
        _process.Dispose();
    }
}
