using System.Diagnostics;
using Roko.Actors.Tests.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Api;

/// <summary>
/// Debian's <c>chromium</c> in headless mode: loads a page, lets its scripts run for a virtual-time budget, then dumps
/// the rendered DOM and saves a screenshot. Each run uses its own throw-away profile directory.
/// </summary>
internal static class HeadlessChromium
{
    public static HostTool Tool { get; } = new("chromium", "chromium");

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The DOM after <paramref name="budget"/> of virtual time; the screenshot goes to <paramref name="screenshot"/>.</summary>
    public static async Task<string> RenderAsync(Uri page, string screenshot, TimeSpan budget, string profileDir)
    {
        var start = new ProcessStartInfo(Tool.Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                     $"--user-data-dir={profileDir}", "--window-size=1280,800",
                     $"--virtual-time-budget={(long)budget.TotalMilliseconds}", $"--screenshot={screenshot}", "--dump-dom", page.ToString(),
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chromium");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {RunTimeout}: {await stderr}");
        }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}

/// <summary>A fact that needs Debian's chromium: skipped without it, failed without it under <c>CI=true</c>.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Tool.Path is null && !HostTool.RunningInCi)
            Skip = HeadlessChromium.Tool.MissingReason + " (set CI=true to make this a failure)";
    }
}
