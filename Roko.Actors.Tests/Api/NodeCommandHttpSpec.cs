using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Api;

/// <summary>`roko node` serves the HTTP API on roko.http.port, prints where, and stops serving when it shuts down.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class NodeCommandHttpSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Node_should_print_its_http_address_serve_health_and_stop_listening_on_sigterm()
    {
        using var dir = new TempDirectory();
        var genesis = await RokoProcess.RunAsync(Generous, "genesis", "--validators", "1", "--out", dir.Path);
        Assert.True(genesis.ExitCode == 0, genesis.Stderr);
        string config = dir.Combine("node.conf");
        await File.WriteAllTextAsync(config, "roko.node { name = \"validator-0\", region = na }\nroko.http.port = 0\n" +
                                             UnsynchronizedHost.ClockHocon);

        using var node = RokoProcess.Start("node", "--config", config, "--data-dir", dir.Combine("validator-0"));
        await node.WaitForStderrAsync(log => AddressPattern().IsMatch(log), Generous, "the HTTP API address");
        var address = new Uri(AddressPattern().Match(node.Stderr).Groups[1].Value);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var health = await ApiRequests.BodyAsync(await client.GetAsync("health"));
        Assert.True(health.GetProperty("ready").GetBoolean());

        using (var kill = Process.Start("kill", ["-TERM", node.ProcessId.ToString()])) await kill.WaitForExitAsync();
        Assert.Equal(0, await node.WaitForExitAsync(Generous));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("health"));
    }

    [GeneratedRegex(@"HTTP API at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex AddressPattern();
}
