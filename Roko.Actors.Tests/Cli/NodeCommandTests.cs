using System.Diagnostics;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>The keygen, genesis and node verbs as an operator runs them: real processes, real files.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NodeCommandTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Keygen_should_write_an_owner_only_key_and_refuse_to_overwrite_it()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("validator.key");
        var first = await RokoProcess.RunAsync(Generous, "keygen", "--out", path);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("address    roko", first.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        var second = await RokoProcess.RunAsync(Generous, "keygen", "--out", path);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already exists", second.Stderr);
    }

    [Fact]
    public async Task Commands_should_exit_with_2_on_usage_errors()
    {
        var missing = await RokoProcess.RunAsync(Generous, "keygen");
        Assert.Equal(2, missing.ExitCode);
        var unknown = await RokoProcess.RunAsync(Generous, "genesis", "--validators", "0", "--out", "/nonexistent/x");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--validators must be at least 1", unknown.Stderr);
    }

    [Fact]
    public async Task Node_should_produce_blocks_and_shut_down_cleanly_on_sigterm()
    {
        using var dir = new TempDirectory();
        var genesis = await RokoProcess.RunAsync(Generous, "genesis", "--validators", "1", "--out", dir.Path);
        Assert.True(genesis.ExitCode == 0, genesis.Stderr);
        string config = dir.Combine("node.conf");
        await File.WriteAllTextAsync(config, "roko.node { name = \"validator-0\", region = na }\nroko.http.port = 0\n" +
                                             UnsynchronizedHost.ClockHocon);

        using var node = RokoProcess.Start("node", "--config", config, "--data-dir", dir.Combine("validator-0"));
        await node.WaitForStderrAsync(log => log.Contains("Committed block 2 "), Generous, "block 2 committed");
        using (var kill = Process.Start("kill", ["-TERM", node.ProcessId.ToString()])) await kill.WaitForExitAsync();
        int exitCode = await node.WaitForExitAsync(Generous);
        Assert.True(exitCode == 0, node.Stderr);

        var verify = await RokoProcess.RunAsync(Generous, "chain", "verify", "--data-dir", dir.Path);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
    }

    [Fact]
    public async Task Node_should_fail_clearly_without_a_genesis()
    {
        using var dir = new TempDirectory();
        string config = dir.Combine("node.conf");
        await File.WriteAllTextAsync(config, "roko.node.name = lonely\nroko.http.port = 0\n");
        var run = await RokoProcess.RunAsync(Generous, "node", "--config", config, "--data-dir", dir.Combine("empty"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("genesis.json", run.Stderr);
        Assert.Contains("does not exist", run.Stderr);
    }
}
