using System.Text.Json;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Cli;

/// <summary>`roko devnet --light N`: light nodes run beside the validators and report their verified height.</summary>
public sealed class DevnetLightTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Devnet_should_report_each_light_nodes_verified_height_near_the_finalized_one()
    {
        using var dir = new TempDirectory();
        var run = await RokoProcess.RunAsync(Generous, "devnet", "--validators", "2", "--light", "2", "--duration", "8s", "--tx-rate", "5",
            "--data-dir", dir.Path, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var summary = JsonDocument.Parse(run.Stdout);
        ulong finalized = summary.RootElement.GetProperty("finalized_height").GetUInt64();
        var lights = summary.RootElement.GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("role").GetString() == "light").ToList();
        Assert.Equal(["light-0", "light-1"], lights.Select(n => n.GetProperty("name").GetString()));
        foreach (var light in lights)
        {
            ulong height = light.GetProperty("height").GetUInt64();
            Assert.True(height + 3 >= finalized && height >= 2, $"{light.GetProperty("name")} verified height {height}, finalized {finalized}");
            Assert.True(File.Exists(Path.Combine(light.GetProperty("data_dir").GetString()!, "light-headers.db")));
        }
        Assert.True(run.ExitCode == 0);
        Assert.Equal(2, (await RokoProcess.RunAsync(Generous, "devnet", "--light", "-1", "--data-dir", dir.Path)).ExitCode);
    }
}
