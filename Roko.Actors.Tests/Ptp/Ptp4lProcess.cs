using System.Diagnostics;
using System.Text;

namespace Roko.Actors.Tests.Ptp;

/// <summary>A ptp4l started inside a network namespace with a config file; its output is kept for failure messages.</summary>
internal sealed class Ptp4lProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }

    private Ptp4lProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary><c>ip netns exec NS ptp4l -f CONFIG -m</c>: everything else comes from the generated config.</summary>
    public static Ptp4lProcess Start(string name, string networkNamespace, string configPath)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "netns", "exec", networkNamespace, PtpIntegrationPrerequisites.Ptp4l, "-f", configPath, "-m" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start ptp4l ({name})");
        var ptp4l = new Ptp4lProcess(name, process);
        process.OutputDataReceived += (_, e) => ptp4l.Append(e.Data);
        process.ErrorDataReceived += (_, e) => ptp4l.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ptp4l;
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Append(line).Append('\n');
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        using var wait = new CancellationTokenSource(ExitWait);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // A process that ignores SIGKILL for 10 s is stuck in the kernel; nothing more can be done here.
        }
        _process.Dispose();
    }
}
