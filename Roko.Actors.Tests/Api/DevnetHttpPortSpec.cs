using System.Net;
using System.Net.Sockets;
using Roko.Actors.Cli;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Api;

/// <summary>`roko devnet --http-port P` serves node i's API on P+i and prints every node's address.</summary>
public sealed class DevnetHttpPortSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Devnet_should_serve_each_node_on_the_given_port_plus_its_index_and_print_the_addresses()
    {
        using var dir = new TempDirectory();
        int port = FreePort();
        using var devnet = RokoProcess.Start("devnet", "--validators", "1", "--archive", "0", "--light", "0", "--tx-rate", "0", "--http-port", port.ToString(), "--data-dir", dir.Path);
        string address = $"http://127.0.0.1:{port}/";
        await devnet.WaitForStderrAsync(log => log.Contains($"validator-0 HTTP API at {address}"), Generous, "the node's HTTP address");

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var health = await client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Devnet_should_refuse_an_http_port_range_past_65535_naming_the_option()
    {
        using var dir = new TempDirectory();

        var (exit, _, stderr) = await RokoProcess.RunAsync(Generous, "devnet", "--validators", "2", "--http-port", "65535", "--data-dir", dir.Path);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--http-port", stderr);
    }

    /// <summary>A port nothing listens on right now (the OS picks it; it is released before roko binds it).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
