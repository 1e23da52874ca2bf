using System.Diagnostics;
using Roko.Actors.Tests.Ptp;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>
/// A host tool a monitoring test needs (promtool, alertmanager). Missing on a developer machine it skips the
/// test; under <c>CI=true</c> the test runs and fails naming the Debian package, so CI cannot silently lose it.
/// </summary>
internal sealed record HostTool(string Executable, string DebianPackage)
{
    public static HostTool Promtool { get; } = new("promtool", "prometheus");
    public static HostTool Alertmanager { get; } = new("prometheus-alertmanager", "prometheus-alertmanager");

    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    public string? Path => HostCommand.Find(Executable);

    public string MissingReason => $"{Executable} is not installed (Debian package {DebianPackage})";

    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's path; fails the test (CI) with the reason when the tool is missing.</summary>
    public string Require() => Path ?? throw new InvalidOperationException(MissingReason + "; .ci/run installs it from .ci/debian-packages");

    /// <summary>Runs the tool with <paramref name="stdinFile"/> as its standard input.</summary>
    public async Task<(int ExitCode, string Output)> RunWithInputAsync(string stdinFile, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await using (var input = File.OpenRead(stdinFile))
            await input.CopyToAsync(process.StandardInput.BaseStream);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(RunTimeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
