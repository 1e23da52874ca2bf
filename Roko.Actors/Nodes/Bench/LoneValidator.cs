using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Nodes.Bench;

/// <summary>
/// The node a single-node bench measures: validator 0 of a fresh chain in a temporary directory (deleted on dispose),
/// started in this process on loopback with the default settings except the clock (the host clock with an assumed
/// ±10 ms, as on a devnet), WAN emulation (off) and the log level (warnings). A chain of more than one validator has no
/// quorum with this one alone, so nothing it admits commits.
/// </summary>
public sealed class LoneValidator : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private const string BenchHocon = """
        roko.clock.source = system
        roko.clock.assumed-uncertainty = 10ms
        roko.validator.require-time-card = off
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        roko.network.wan.enabled = off
        """;

    private readonly string _dir;

    private LoneValidator(string dir, RokoNode node, Genesis genesis, IReadOnlyList<SigningKey> accounts, NodeStatus status)
    {
        _dir = dir;
        Node = node;
        Genesis = genesis;
        Accounts = accounts;
        Status = status;
    }

    public RokoNode Node { get; }
    public Genesis Genesis { get; }
    /// <summary>The funded genesis accounts' keys.</summary>
    public IReadOnlyList<SigningKey> Accounts { get; }
    /// <summary>The node's status once it was ready.</summary>
    public NodeStatus Status { get; }

    /// <param name="bench">The bench's name, in the temporary directory's.</param>
    /// <param name="validators">Validators of the new chain; this node is the first.</param>
    /// <param name="accounts">Funded genesis accounts.</param>
    /// <param name="settings">The bench's own HOCON, over the common bench settings.</param>
    public static async Task<LoneValidator> StartAsync(string bench, int validators, int accounts, string settings, CancellationToken cancel)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"roko-bench-{bench}-" + Guid.NewGuid().ToString("N"));
        try
        {
            var own = ConfigurationFactory.ParseString($"{BenchHocon}\n{settings}\nroko.genesis.accounts = {accounts}");
            var layout = new DevnetLayout(dir);
            var genesis = layout.Create(validators, GenesisSettings.Create(own.WithFallback(RokoConfig.Defaults)), NanoMoment.FromDateTime(DateTime.UtcNow));
            string name = DevnetLayout.ValidatorName(0);
            var node = RokoNode.Start(ConfigurationFactory.ParseString($"""
                roko.node.name = {RokoConfig.Quote(name)}
                roko.node.data-dir = {RokoConfig.Quote(layout.NodeDir(name))}
                """).WithFallback(own));
            try
            {
                node.JoinSelf();
                var status = await node.WaitUntilReadyAsync(ReadyTimeout, cancel);
                return new LoneValidator(dir, node, genesis, layout.LoadAccountKeys(), status);
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
        catch
        {
            DeleteDirectory(dir);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        DeleteDirectory(_dir);
    }

    private static void DeleteDirectory(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
