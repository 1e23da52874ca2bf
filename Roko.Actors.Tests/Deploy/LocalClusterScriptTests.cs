using System.Diagnostics;
using System.Text.RegularExpressions;
using Roko.Actors.Tests.Chaos;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Deploy;

/// <summary>deploy/local/cluster.sh end to end: up, status, kill, restart, down — real `roko node` processes on loopback.</summary>
[Collection(ChaosCollection.Name)]
public sealed partial class LocalClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [GeneratedRegex(@"^(validator-\d+)\s+(\S+)\s+(\S+)\s+(http://\S+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [Fact]
    public async Task Cluster_script_should_run_kill_restart_and_stop_a_local_network()
    {
        using var dir = new TempDirectory();
        string roko = dir.Combine("roko");
        await File.WriteAllTextAsync(roko, $"#!/bin/sh\nexec dotnet {Path.Combine(AppContext.BaseDirectory, "roko.dll")} \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(roko, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string data = dir.Combine("cluster");
        int basePort = 20000 + Random.Shared.Next(20000);
        string[] ports = ["--data-dir", data, "--base-port", basePort.ToString(), "--http-base-port", (basePort + 100).ToString(),
            "--management-base-port", (basePort + 200).ToString()];
        try
        {
            var up = await RunAsync(roko, ["up", "--validators", "4", .. ports]);
            Assert.True(up.ExitCode == 0, up.Output);
            var lines = StatusLine().Matches(up.Output);
            Assert.Equal(["validator-0", "validator-1", "validator-2", "validator-3"], lines.Select(m => m.Groups[1].Value));
            // Cluster Bootstrap formed the cluster: validator-0 (the lowest management endpoint) formed it, the rest joined it.
            Assert.Contains("Initiating new cluster, self-joining", NodeLog(data, "validator-0"));
            foreach (string joiner in new[] { "validator-1", "validator-2", "validator-3" })
                Assert.DoesNotContain("Initiating new cluster", NodeLog(data, joiner));

            var heights = await WaitForStatusAsync(roko, data, s => s.All(l => l.Height is >= 3), "four validators past height 2");

            var kill = await RunAsync(roko, ["kill", "validator-2", "--data-dir", data]);
            Assert.True(kill.ExitCode == 0, kill.Output);
            await WaitForStatusAsync(roko, data, s => s.Single(l => l.Name == "validator-2").Pid == "down", "validator-2 shown down");

            var restart = await RunAsync(roko, ["restart", "validator-2", "--data-dir", data]);
            Assert.True(restart.ExitCode == 0, restart.Output);
            ulong target = heights.Max(l => l.Height!.Value) + 2;
            await WaitForStatusAsync(roko, data, s => s.All(l => l.Height >= target), $"all four at height {target} after the restart");
            // The restarted node found the running cluster through its contact points (its log holds both starts).
            Assert.Equal(2, Regex.Count(NodeLog(data, "validator-2"), "to existing cluster"));
            Assert.DoesNotContain("Initiating new cluster", NodeLog(data, "validator-2"));

            var down = await RunAsync(roko, ["down", "--data-dir", data]);
            Assert.True(down.ExitCode == 0, down.Output);
            var after = await StatusAsync(roko, data);
            Assert.All(after, l => Assert.Equal("down", l.Pid));
        }
        catch
        {
            WriteLogTails(Path.Combine(data, "logs"));
            throw;
        }
        finally
        {
            await RunAsync(roko, ["down", "--data-dir", data]);
        }
    }

    private static string NodeLog(string data, string node) => File.ReadAllText(Path.Combine(data, "logs", node + ".log"));

    /// <summary>On failure, the end of every node's log (warnings and errors first) goes to the test output.</summary>
    private void WriteLogTails(string logs)
    {
        if (!Directory.Exists(logs)) return;
        foreach (string log in Directory.GetFiles(logs, "*.log").Order())
        {
            string[] lines = File.ReadAllLines(log);
            var notable = lines.Where(l => l.StartsWith("[WARNING]", StringComparison.Ordinal) || l.StartsWith("[ERROR]", StringComparison.Ordinal)).TakeLast(40);
            output.WriteLine($"==== {Path.GetFileName(log)}: last warnings and errors");
            foreach (string line in notable) output.WriteLine(line.Length > 400 ? line[..400] : line);
            output.WriteLine($"==== {Path.GetFileName(log)}: last 40 lines");
            foreach (string line in lines.TakeLast(40)) output.WriteLine(line.Length > 400 ? line[..400] : line);
        }
    }

    private sealed record NodeLine(string Name, string Pid, ulong? Height, string Http);

    private async Task<List<NodeLine>> StatusAsync(string roko, string data)
    {
        var status = await RunAsync(roko, ["status", "--data-dir", data]);
        return [.. StatusLine().Matches(status.Output).Select(m =>
            new NodeLine(m.Groups[1].Value, m.Groups[2].Value, ulong.TryParse(m.Groups[3].Value, out var h) ? h : null, m.Groups[4].Value))];
    }

    private async Task<List<NodeLine>> WaitForStatusAsync(string roko, string data, Func<List<NodeLine>, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var lines = await StatusAsync(roko, data);
            if (lines.Count > 0 && condition(lines)) return lines;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: not within {Generous}; last status:\n{string.Join("\n", lines)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string roko, string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RepositoryRoot.Combine("deploy", "local", "cluster.sh"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ROKO"] = roko;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Generous);
        await process.WaitForExitAsync(cancel.Token);
        string text = await stdout + await stderr;
        output.WriteLine($"$ cluster.sh {string.Join(' ', args)}\n{text}");
        return (process.ExitCode, text);
    }
}
