using System.Diagnostics;

namespace Roko.Actors.Tests.Ptp;

/// <summary>Runs a host tool (ip, ptp4l) to completion; a failure names the command line and its stderr.</summary>
internal static class HostCommand
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await TryRunAsync(file, arguments);
        if (exitCode != 0)
            throw new InvalidOperationException(
                $"`{file} {string.Join(' ', arguments)}` exited with {exitCode}: {stderr.Trim()}");
        return stdout;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> TryRunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{file} {string.Join(' ', arguments)}` did not finish within {CommandTimeout}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The full path of <paramref name="tool"/> on PATH or in the sbin directories, or null.</summary>
    public static string? Find(string tool)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin"]);
        return directories.Select(directory => Path.Combine(directory, tool)).FirstOrDefault(File.Exists);
    }
}
