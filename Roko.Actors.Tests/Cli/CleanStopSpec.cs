using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Roko.Actors.Cli;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Cli;

/// <summary>
/// `roko devnet` and `roko node` as real processes stopped by a signal as an operator stops them: a terminal's Ctrl-C
/// (SIGINT to the process group) or systemd's SIGTERM. They stop within <see cref="StopWithin"/>, print what they
/// should, free their ports and exit 0; nothing journaled is lost; a second signal ends the process at once. In the
/// serial collection: a stop time is only a measure of the node when the host is not busy with other collections
/// (CI saw 5.3 s with every collection starting at once; alone it measured 0.5-0.6 s last session).
/// </summary>
[Collection(Roko.Actors.Tests.Chaos.ChaosCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class CleanStopSpec(ITestOutputHelper output)
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Devnet_should_stop_on_sigint_within_5_s_with_its_json_summary_exit_0_and_every_port_free()
    {
        using var dir = new TempDirectory();
        var started = Stopwatch.StartNew();
        using var devnet = RokoProcess.StartInOwnSession("devnet", "--json", "--http-port", "0", "--data-dir", dir.Path);
        await devnet.WaitForStderrAsync(log => log.Contains("light node(s) started"), Generous, "the devnet running its load");
        if (started.Elapsed < RunFor) await Task.Delay(RunFor - started.Elapsed);

        var stopping = Stopwatch.StartNew();
        await devnet.SignalGroupAsync("INT");
        int exit = await devnet.WaitForExitAsync(Generous);
        var stopped = stopping.Elapsed;
        output.WriteLine($"roko devnet stopped {stopped.TotalSeconds:F1} s after SIGINT (run {RunFor.TotalSeconds:F0} s), exit {exit}");

        Assert.True(exit == ExitCodes.Success, $"exit {exit}:\n{Tail(devnet.Stderr)}");
        Assert.True(stopped <= StopWithin, $"stopped {stopped.TotalSeconds:F1} s after SIGINT:\n{DevnetLines(devnet.Stderr)}\n{Tail(devnet.Stderr)}");
        Assert.Contains("SIGINT received, stopping", devnet.Stderr);
        using var summary = JsonDocument.Parse(devnet.Stdout);
        var nodes = summary.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(8, nodes.Count); // the default shape: 6 validators, 1 archive, 1 light node
        foreach (int port in PortsIn(devnet.Stderr)) AssertFree(port);

        // Nothing acknowledged is lost: every validator's journal holds at least the height the summary reported.
        var verify = await RokoProcess.RunAsync(Generous, "chain", "verify", "--data-dir", dir.Path);
        Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
        foreach (var node in nodes.Where(n => n.GetProperty("role").GetString() == "validator"))
        {
            string name = node.GetProperty("name").GetString()!;
            var stored = Regex.Match(verify.Stdout, $@"^{name}: valid, (\d+) block", RegexOptions.Multiline);
            Assert.True(stored.Success, $"{name} not verified:\n{verify.Stdout}");
            Assert.True(ulong.Parse(stored.Groups[1].Value) >= node.GetProperty("height").GetUInt64(), $"{name} lost blocks:\n{verify.Stdout}\n{devnet.Stdout}");
        }
    }

    [Fact]
    public async Task Devnet_should_end_at_once_with_130_on_a_second_sigint()
    {
        using var dir = new TempDirectory();
        using var devnet = RokoProcess.StartInOwnSession("devnet", "--validators", "1", "--archive", "0", "--light", "0", "--json",
            "--http-port", "0", "--data-dir", dir.Path);
        await devnet.WaitForStderrAsync(log => log.Contains("ready at height"), Generous, "the devnet ready");

        await devnet.SignalGroupAsync("INT");
        await devnet.WaitForStderrAsync(log => log.Contains("SIGINT received, stopping"), Generous, "the first SIGINT taken");
        await devnet.SignalGroupAsync("INT");

        Assert.Equal(ExitCodes.Interrupted, await devnet.WaitForExitAsync(Generous));
        Assert.Contains("SIGINT received again, stopping at once", devnet.Stderr);
    }

    [Fact]
    public async Task Node_should_leave_its_cluster_and_exit_0_within_5_s_on_sigterm()
    {
        using var dir = new TempDirectory();
        var genesis = await RokoProcess.RunAsync(Generous, "genesis", "--validators", "2", "--out", dir.Path);
        Assert.True(genesis.ExitCode == 0, genesis.Stderr);
        string first = await WriteConfigAsync(dir, "validator-0", "na");
        string second = await WriteConfigAsync(dir, "validator-1", "eu");

        using var seed = RokoProcess.StartInOwnSession("node", "--config", first, "--data-dir", dir.Combine("validator-0"));
        await seed.WaitForStderrAsync(log => SeedAddress().IsMatch(log), Generous, "the first node's cluster address");
        string address = SeedAddress().Match(seed.Stderr).Groups[1].Value;
        using var joiner = RokoProcess.StartInOwnSession("node", "--config", second, "--data-dir", dir.Combine("validator-1"), "--seed", address);
        await joiner.WaitForStderrAsync(log => log.Contains("Committed block 2 "), Generous, "block 2 committed by both validators");

        foreach (var (node, name) in new[] { (joiner, "validator-1"), (seed, "validator-0") })
        {
            var stopping = Stopwatch.StartNew();
            await node.SignalGroupAsync("TERM");
            int exit = await node.WaitForExitAsync(Generous);
            output.WriteLine($"{name} stopped {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM, exit {exit}");
            Assert.True(exit == ExitCodes.Success, $"{name} exit {exit}:\n{Tail(node.Stderr)}");
            Assert.True(stopping.Elapsed <= StopWithin, $"{name} stopped {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM:\n{Tail(node.Stderr)}");
            Assert.Contains($"roko node: {name} stopped in", node.Stderr);
            Assert.Contains("Exiting completed", node.Stderr); // it left the cluster, it did not vanish from it
        }
        foreach (int port in PortsIn(seed.Stderr + joiner.Stderr)) AssertFree(port);

        var verify = await RokoProcess.RunAsync(Generous, "chain", "verify", "--data-dir", dir.Path);
        Assert.True(verify.ExitCode == 0, verify.Stderr + verify.Stdout);
    }

    private static async Task<string> WriteConfigAsync(TempDirectory dir, string name, string region)
    {
        string path = dir.Combine($"{name}.conf");
        await File.WriteAllTextAsync(path, $"roko.node {{ name = \"{name}\", region = {region} }}\nroko.http.port = 0\n" +
                                           "akka.remote.dot-netty.tcp.port = 0\n" + UnsynchronizedHost.ClockHocon);
        return path;
    }

    /// <summary>Every loopback port the process logged (HTTP APIs, cluster addresses).</summary>
    private static IEnumerable<int> PortsIn(string log) =>
        LoopbackPort().Matches(log).Select(m => int.Parse(m.Groups[1].Value)).Distinct();

    private static void AssertFree(int port)
    {
        using var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            Assert.Fail($"port {port} is still taken after the stop: {e.Message}");
        }
    }

    private static string Tail(string log) => log.Length <= 6000 ? log : log[^6000..];

    /// <summary>The devnet's own progress lines (how long the summary and each part of the stop took).</summary>
    private static string DevnetLines(string log) =>
        string.Join('\n', log.Split('\n').Where(l => l.StartsWith("devnet:", StringComparison.Ordinal) || l.StartsWith("roko devnet:", StringComparison.Ordinal)));

    [GeneratedRegex(@"forming a new cluster at (akka\.tcp://roko@127\.0\.0\.1:\d+)")]
    private static partial Regex SeedAddress();

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex LoopbackPort();
}
