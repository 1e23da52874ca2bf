using System.Text.Json;
using System.Text.RegularExpressions;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>kill -9 of a running node loses no committed block: restart, verify, continue.</summary>
public sealed partial class DevnetCrashRecoveryTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [GeneratedRegex(@"Committed block (\d+) ")]
    private static partial Regex CommittedBlock();

    private static ulong HighestCommitted(string log) =>
        CommittedBlock().Matches(log).Select(m => ulong.Parse(m.Groups[1].Value)).DefaultIfEmpty(0UL).Max();

    [Fact]
    public async Task Devnet_should_lose_no_committed_block_when_killed_with_sigkill()
    {
        using var dir = new TempDirectory();
        const ulong HeightBeforeKill = 5;

        ulong committed;
        using (var devnet = RokoProcess.Start("devnet", "--validators", "1", "--tx-rate", "50", "--archive", "0", "--light", "0", "--http-port", "0", "--data-dir", dir.Path))
        {
            await devnet.WaitForStderrAsync(log => HighestCommitted(log) >= HeightBeforeKill, Generous, $"block {HeightBeforeKill} committed");
            devnet.KillHard();
            committed = HighestCommitted(devnet.Stderr);
        }

        var verify = await RokoProcess.RunAsync(Generous, "chain", "verify", "--data-dir", dir.Path);
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        var verified = ulong.Parse(Regex.Match(verify.Stdout, @"valid, (\d+) block").Groups[1].Value);
        Assert.True(verified >= committed, $"chain holds {verified} blocks but {committed} were acknowledged as committed before the kill");

        var rerun = await RokoProcess.RunAsync(Generous, "devnet", "--duration", "3s", "--tx-rate", "20", "--archive", "0", "--light", "0", "--http-port", "0", "--data-dir", dir.Path, "--json");
        Assert.True(rerun.ExitCode == 0, rerun.Stderr);
        using var summary = JsonDocument.Parse(rerun.Stdout);
        ulong start = summary.RootElement.GetProperty("start_height").GetUInt64();
        ulong end = summary.RootElement.GetProperty("finalized_height").GetUInt64();
        Assert.True(start >= committed, $"restart began at height {start}, below the {committed} committed before the kill");
        Assert.True(end > start, $"the restarted chain did not advance past {start}");

        var again = await RokoProcess.RunAsync(Generous, "chain", "verify", "--data-dir", dir.Path);
        Assert.True(again.ExitCode == 0, again.Stderr);
    }
}
