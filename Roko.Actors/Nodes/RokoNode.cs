using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Event;
using Roko.Actors.Api;
using Roko.Actors.Archive;
using Roko.Actors.ClusterAccess;
using Roko.Actors.Consensus;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Propagation;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Mempool;
using Roko.Actors.Persistence;
using Roko.Actors.Hardware;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Time;
using Roko.Actors.Time.Wire;
using Roko.Actors.Sync;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Nodes;

/// <summary>One running node: its ActorSystem with /user/node, built from a composed HOCON config.</summary>
public sealed class RokoNode : IAsyncDisposable
{
    public const string SystemName = "roko";

    public ActorSystem System => Host.System;
    public IActorRef Guardian => Host.Guardian;
    public NodeServices Services { get; }
    public NodeSettings Settings => Services.Settings;
    /// <summary>The node's generic host (Akka.Hosting's ActorSystem, health checks and, with roko.http, Kestrel).</summary>
    public NodeHost Host { get; }
    /// <summary>The HTTP API (roko.http), or null when it is disabled.</summary>
    public HttpApiHost? Http => Host.Http;
    /// <summary>Where the HTTP API listens (the real port when roko.http.port is 0), or null when it is disabled.</summary>
    public Uri? HttpAddress => Http?.Address;

    private RokoNode(NodeHost host, NodeServices services)
    {
        Host = host;
        Services = services;
    }

    /// <summary>
    /// Loads settings, genesis and key (each failure is a clear exception naming the file or key) and starts the node.
    /// <paramref name="own"/> is what this node sets itself — the operator's config file and command line
    /// (<see cref="RokoConfig.LoadOwn"/>), a devnet's or a spec's HOCON — WITHOUT roko.conf: it is layered over the module
    /// files of the node's role, region and cluster (<see cref="ClusterConfig.ForNode"/>), and those over roko.conf, so a
    /// role's defaults (a validator's time card) outrank roko.conf's and the operator's settings outrank both.
    /// <paramref name="clock"/> replaces the node's clock (default: the disciplined clock over roko.clock.source, hosted by
    /// /user/node/clock and corrected by /user/node/timesync); the multi-node specs pass a skewed one, which runs without
    /// time sync (its sessions still answer peers' probes from it).
    /// </summary>
    public static RokoNode Start(Config own, IClock? clock = null)
    {
        var config = Compose(own);
        var settings = NodeSettings.Create(config);
        var persistence = PersistenceSettings.Create(config);
        var httpSettings = HttpApiSettings.Create(config);
        Directory.CreateDirectory(settings.DataDir);
        var genesis = GenesisFile.Load(settings.GenesisFile);
        var key = KeyFile.Load(settings.KeyFile);
        var formation = ClusterFormationSettings.Create(config);
        var nodeClock = clock is null ? CreateNodeClock(config, settings.Role) : null;
        var wireSettings = TimeWireSettings.Create(config);
        var timeWire = BindTimeWire(wireSettings);
        var services = new NodeServices(settings, genesis, key, clock ?? nodeClock!,
            ChainStoreSettings.Create(config), MempoolSettings.Create(config),
            ConsensusSettings.Create(config), OverlaySettings.Create(config), PropagationSettings.Create(config))
        {
            NodeClock = nodeClock,
            TimeSyncSettings = TimeSyncSettings.Create(config),
            TimeWire = timeWire,
            TimeWireSettings = wireSettings,
            IncarnationSettings = Network.Overlay.IncarnationSettings.Create(config),
            ValidatorSettings = ValidatorSettings.Create(config),
            AlertingSettings = AlertingSettings.Create(config),
            HealthSettings = NetworkHealthSettings.Create(config),
            ClusterAccessSettings = ClusterAccessSettings.Create(config),
            SyncSettings = SyncSettings.Create(config),
            // Opened before the actor system, so the table exists (and chain.db is in WAL mode) before the journal opens.
            SigningRecords = settings.Role == NodeRole.Validator ? SqlSigningRecordStore.ForNode(persistence, settings) : null,
            SupervisionSettings = Supervision.SupervisionSettings.Create(config),
            Archive = settings.Role == NodeRole.Archive
                ? new ArchiveServices(ArchiveSettings.Create(config), ArchiveSettings.Database(persistence, settings), ChainJournal.PersistenceIdOf(genesis.ChainId))
                : null,
        };
        _ = services.Exposition; // listen from the first measurement on
        // With roko.network.tls.enabled the system gets mutual TLS: peers must present certificates from the network's CA.
        var setups = MutualTls.SetupsForNode(NodeHost.WithHostLogging(formation.Over(config)));
        var host = NodeHost.Start(setups, services, httpSettings, timeWire);
        // Seed nodes or Cluster Bootstrap; a management endpoint that cannot be bound stops the node again.
        ClusterFormation.Start(host.System, formation, () =>
        {
            host.DisposeAsync().GetAwaiter().GetResult();
            services.Dispose();
        });
        return new RokoNode(host, services);
    }

    /// <summary>
    /// The config a node with its own settings <paramref name="own"/> runs on. Highest first: the persistence plugins
    /// pointed at the node's database, <paramref name="own"/>, the role file, the region file, cluster.conf, roko.conf, then
    /// Akka.Cluster.Tools' and the hardware module's reference configs. The role and region that pick the module files
    /// come from <paramref name="own"/> or else roko.conf.
    /// </summary>
    public static Config Compose(Config own)
    {
        var identity = NodeSettings.Create(own.WithFallback(RokoConfig.Defaults));
        var layered = ClusterConfig.ForNode(identity.Role.ToString().ToLowerInvariant(), identity.OverlayRegion, RokoConfig.Defaults, own);
        var persistence = PersistenceSettings.Create(layered);
        return ConfigurationFactory.ParseString(persistence.PluginOverrides(NodeSettings.Create(layered))).WithFallback(layered)
            .WithFallback(ClusterToolsConfig.Defaults).WithFallback(HardwareConfig.Default);
    }

    /// <summary>
    /// The node's time-probe UDP socket on roko.timesync.wire's hostname (the remoting hostname unless set) and port; a
    /// socket that cannot be bound is an <see cref="IOException"/> naming the setting.
    /// </summary>
    private static TimestampedUdpSocket BindTimeWire(TimeWireSettings settings)
    {
        try
        {
            var address = IPAddress.TryParse(settings.Hostname, out var literal) ? literal
                : Dns.GetHostAddresses(settings.Hostname).FirstOrDefault()
                  ?? throw new IOException($"{TimeWireSettings.ConfigPath}.hostname: '{settings.Hostname}' has no address");
            return TimestampedUdpSocket.Bind(new IPEndPoint(address, settings.Port));
        }
        catch (SocketException e)
        {
            throw new IOException($"{TimeWireSettings.ConfigPath}: cannot bind the time-probe UDP socket on {settings.Hostname}:{settings.Port}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The node's disciplined clock over the roko.clock source. A validator configured for a time card that cannot be
    /// opened refuses to start (<see cref="TimeCardMissingException"/>: it would run and never vote); any other node falls
    /// back to the system clock (the clock actor logs it as degraded). A simulated clock's truth is the host clock.
    /// </summary>
    private static NodeClock CreateNodeClock(Config config, NodeRole role)
    {
        var clockSettings = ClockSourceSettings.Create(config);
        var source = clockSettings.CreateSourceOrFallBack(out var failure);
        if (failure is not null && role == NodeRole.Validator && clockSettings.IsTimeCard)
            throw new TimeCardMissingException(clockSettings.Source, failure);
        if (failure is not null) Console.Error.WriteLine($"CLOCK DEGRADED: {failure.Message}; the node reads the system clock instead");
        return new NodeClock(new DisciplinedClock(source, clockSettings), clockSettings);
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
            if (status.Stopped.Count > 0)
                throw new InvalidOperationException($"node {Settings.Name} is not ready: {string.Join(", ", status.Stopped)} stopped for good");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"node {Settings.Name} was not ready within {timeout}");
            await Task.Delay(poll, cancel);
        }
    }

    /// <summary>This node's cluster address, e.g. akka.tcp://roko@127.0.0.1:4053.</summary>
    public Address Address => Cluster.Get(System).SelfAddress;

    /// <summary>Forms a new cluster with this node as its first member (no seed nodes configured).</summary>
    public void JoinSelf() => Cluster.Get(System).Join(Address);

    /// <summary>Joins the cluster through the first of <paramref name="seeds"/> that answers.</summary>
    public void Join(IEnumerable<Address> seeds) => Cluster.Get(System).JoinSeedNodes(seeds);

    public Task StopAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await System.WhenTerminated;
        await Host.DisposeAsync();
        if (Services.Archive is not null) await Services.Archive.DisposeAsync();
        Services.Dispose();
    }
}
