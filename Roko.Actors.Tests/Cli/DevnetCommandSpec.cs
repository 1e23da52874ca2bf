using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Roko.Actors.Cli;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>`roko devnet` as a real process: archives in the summary, clear refusals of bad flags, a taken HTTP port.</summary>
public sealed class DevnetCommandSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);
    /// <summary>The archive indexes what gossip brings it, a block or two behind the validators at most when the run ends.</summary>
    private const ulong ArchiveLagAllowed = 2;

    /// <remarks>
    /// At 50 tx/s rather than the default 200: the machines the tests run on are shared, and what is checked here is the
    /// archive's indexed height, not throughput (`roko devnet` without flags measures that).
    /// </remarks>
    [Fact]
    public async Task Devnet_should_report_the_archives_indexed_height_close_to_the_validators_when_run_with_an_archive()
    {
        using var dir = new TempDirectory();

        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "devnet", "--archive", "1", "--light", "0", "--validators", "4", "--duration", "20s", "--json",
            "--tx-rate", "50", "--http-port", "0", "--data-dir", dir.Path);

        Assert.True(exit == ExitCodes.Success, stderr);
        using var summary = JsonDocument.Parse(stdout);
        var nodes = summary.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(5, nodes.Count);
        var validators = nodes.Where(n => n.GetProperty("role").GetString() == "validator").ToList();
        var archive = Assert.Single(nodes, n => n.GetProperty("role").GetString() == "archive");
        Assert.Equal(4, validators.Count);
        Assert.Equal("archive-0", archive.GetProperty("name").GetString());
        ulong indexed = archive.GetProperty("height").GetUInt64();
        ulong lowest = validators.Min(v => v.GetProperty("height").GetUInt64());
        Assert.True(indexed > 0, $"the archive indexed nothing:\n{stdout}");
        Assert.True(indexed + ArchiveLagAllowed >= lowest, $"archive indexed {indexed}, validators are at {lowest} or more:\n{stdout}");
        Assert.True(indexed <= validators.Max(v => v.GetProperty("height").GetUInt64()), $"archive ahead of every validator:\n{stdout}");
        Assert.True(File.Exists(Path.Combine(dir.Path, "archive-0", "archive.db")), "the archive's read model is in its data dir");
    }

    [Theory]
    [InlineData("--validators", "0", "--validators must be at least 1")]
    [InlineData("--validators", "-3", "--validators must be at least 1")]
    [InlineData("--archive", "-1", "--archive must be >= 0")]
    [InlineData("--tx-rate", "-5", "--tx-rate must be a number >= 0")]
    [InlineData("--http-port", "-1", "--http-port -1")]
    [InlineData("--duration", "soon", "--duration 'soon'")]
    public async Task Devnet_should_refuse_a_bad_flag_naming_it_and_start_nothing(string flag, string value, string expected)
    {
        using var dir = new TempDirectory();

        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "devnet", flag, value, "--data-dir", dir.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, stderr);
        Assert.Empty(stdout.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Devnet_should_refuse_a_single_valued_flag_given_twice_as_a_usage_error_not_a_crash()
    {
        using var dir = new TempDirectory();

        var (exit, stdout, stderr) = await RokoProcess.RunAsync(Generous, "devnet", "--tx-rate", "200", "--tx-rate", "0", "--data-dir", dir.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("'--tx-rate' expects a single argument", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.Empty(stdout.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Devnet_should_refuse_wan_and_no_wan_together()
    {
        using var dir = new TempDirectory();

        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "devnet", "--wan", "--no-wan", "--data-dir", dir.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--wan and --no-wan", stderr);
    }

    [Fact]
    public async Task Devnet_should_say_which_port_is_taken_and_how_to_choose_another_when_its_http_port_is_in_use()
    {
        using var dir = new TempDirectory();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "devnet", "--validators", "1", "--archive", "0", "--duration", "5s",
            "--http-port", port.ToString(), "--data-dir", dir.Path);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains($"validator-0 cannot serve its HTTP API on port {port}", stderr);
        Assert.Contains("--http-port 0", stderr);
    }
}
