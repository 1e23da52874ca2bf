using Akka.Configuration;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.MultiNode;
using Roko.Actors.Tests.Support;

namespace Roko.Actors.Tests.Api;

/// <summary>
/// One devnet validator (a real in-process <see cref="RokoNode"/> on a fresh genesis in a temp directory) serving the
/// HTTP API on 127.0.0.1 port 0, with fast blocks. <see cref="Client"/> talks to it. Disposing stops the node and
/// deletes the directory.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    public const string Token = "test-token-3f9a";

    private const string TestHocon = UnsynchronizedHost.ClockHocon + """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          remote.dot-netty.tcp.port = 0
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        roko {
          chain.block-interval = 300ms
          # Slices are sealed 5 s behind the clock: on a loaded test machine seconds may pass between signing a
          # transaction and its admission, which must not turn it stale before it meets the rule a test is about.
          consensus.inclusion-delay = 5s
          network.wan.enabled = off
          # Specs send requests as fast as they like, all from 127.0.0.1: no client address is held to a share.
          network.ddos.http { rate-per-second = 100000, burst = 100000 }
          http {
            enabled = on
            port = 0
            token = "test-token-3f9a"
            monitoring { rate-per-second = 100000, burst = 100000 }
          }
        }
        """;

    private readonly TempDirectory _dir;

    private ApiNode(TempDirectory dir, RokoNode node, DevnetLayout layout, Genesis genesis)
    {
        _dir = dir;
        Node = node;
        Layout = layout;
        Genesis = genesis;
        Client = new HttpClient { BaseAddress = node.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RokoNode Node { get; }
    public DevnetLayout Layout { get; }
    public Genesis Genesis { get; }
    public HttpClient Client { get; }
    public Uri Address => Node.HttpAddress!;

    /// <summary>Starts the node with <paramref name="hocon"/> over the test config and waits until it is ready.</summary>
    public static async Task<ApiNode> StartAsync(string hocon = "")
    {
        var dir = new TempDirectory();
        try
        {
            return await StartInAsync(dir, hocon);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private static async Task<ApiNode> StartInAsync(TempDirectory dir, string hocon)
    {
        var own = RokoConfig.Parse(hocon).WithFallback(ConfigurationFactory.ParseString(TestHocon));
        var layout = new DevnetLayout(dir.Path);
        var genesis = layout.Create(1, GenesisSettings.Create(ConfigurationFactory.ParseString("roko.genesis { chain-id = \"roko-api\", accounts = 2 }")
            .WithFallback(own).WithFallback(RokoConfig.Defaults)), NanoMoment.FromDateTime(DateTime.UtcNow));
        string name = DevnetLayout.ValidatorName(0);
        var node = RokoNode.Start(ConfigurationFactory.ParseString($"""
            roko.node.name = {RokoConfig.Quote(name)}
            roko.node.data-dir = {RokoConfig.Quote(layout.NodeDir(name))}
            """).WithFallback(own));
        node.JoinSelf();
        await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        return new ApiNode(dir, node, layout, genesis);
    }

    public string AccountKeyPath(int index) => Layout.AccountKeyPath(index);

    /// <summary>Waits until the node committed at least <paramref name="height"/>.</summary>
    public Task AwaitHeightAsync(ulong height, TimeSpan within) =>
        Eventually.AwaitAssertAsync(async () =>
        {
            var status = await Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(5));
            Xunit.Assert.True(status.Tip!.Height >= height, $"height {status.Tip.Height}, waiting for {height}");
        }, within);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
        _dir.Dispose();
    }
}
