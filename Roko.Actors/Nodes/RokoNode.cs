using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Producer;
using Roko.Actors.Crypto;
using Roko.Actors.Mempool;
using Roko.Actors.Persistence;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Nodes;

/// <summary>One running node: its ActorSystem with /user/node, built from a composed HOCON config.</summary>
public sealed class RokoNode : IAsyncDisposable
{
    public const string SystemName = "roko";

    public ActorSystem System { get; }
    public IActorRef Guardian { get; }
    public NodeServices Services { get; }
    public NodeSettings Settings => Services.Settings;

    private RokoNode(ActorSystem system, IActorRef guardian, NodeServices services)
    {
        System = system;
        Guardian = guardian;
        Services = services;
    }

    /// <summary>Loads settings, genesis and key (each failure is a clear exception naming the file or key) and starts the node.</summary>
    public static RokoNode Start(Config config)
    {
        var settings = NodeSettings.Create(config);
        Directory.CreateDirectory(settings.DataDir);
        var genesis = GenesisFile.Load(settings.GenesisFile);
        var key = settings.Role == NodeRole.Validator ? KeyFile.Load(settings.KeyFile) : null;
        var services = new NodeServices(settings, genesis, key, new AssumedUncertaintyClock(settings.ClockUncertaintyNanos),
            ChainStoreSettings.Create(config), MempoolSettings.Create(config), BlockProducerSettings.Create(config));
        _ = services.Exposition; // listen from the first measurement on
        var full = ConfigurationFactory.ParseString(RokoConfig.SqliteAt(settings.DatabasePath)).WithFallback(config);
        var system = ActorSystem.Create(SystemName, full);
        var guardian = system.ActorOf(NodeGuardian.Props(services), "node");
        return new RokoNode(system, guardian, services);
    }

    /// <summary>Waits until the chain is recovered and the services run; throws if that takes longer than <paramref name="timeout"/>.</summary>
    public async Task<NodeStatus> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var poll = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (Services.FatalError is { } fatal) throw new InvalidOperationException($"node {Settings.Name} failed to start: {fatal}");
            var status = await Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, timeout, cancel);
            if (status.Ready) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {Settings.Name} was not ready within {timeout}");
            await Task.Delay(poll, cancel);
        }
    }

    public Task StopAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await System.WhenTerminated;
        Services.Dispose();
    }
}
