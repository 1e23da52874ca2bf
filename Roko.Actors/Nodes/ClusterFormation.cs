using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;

namespace Roko.Actors.Nodes;

/// <summary>
/// How the running node finds its cluster (<see cref="ClusterFormationSettings"/>), as an extension of its ActorSystem so
/// whoever hosts the node can ask (<see cref="Of"/>). With static seed nodes Akka.Cluster joins them by itself. With
/// Cluster Bootstrap the node serves the management endpoint (route <c>/bootstrap/seed-nodes</c>, plain HTTP) and runs
/// <see cref="ClusterBootstrap"/>: it discovers the other nodes' endpoints, asks each for the members of its cluster,
/// joins the cluster they report, and when none has one the node with the lowest endpoint forms it (Akka's
/// LowestAddressJoinDecider; its coordinator logs each step: contact points located, seed nodes returned, joining,
/// self-joining). The management endpoint (<see cref="BootstrapEndpoint"/>) stops with the node's CoordinatedShutdown.
/// </summary>
public sealed class ClusterFormation : IExtension
{
    private ClusterFormation(ClusterFormationSettings settings) => Settings = settings;

    public ClusterFormationSettings Settings { get; }

    /// <summary>Where the management endpoint listens, or null when the node does not bootstrap.</summary>
    public Uri? ManagementEndpoint { get; private set; }

    /// <summary>The formation of <paramref name="system"/>, or null when it was not started through <see cref="Start"/>.</summary>
    public static ClusterFormation? Of(ActorSystem system) => system.GetExtension<ClusterFormation>();

    /// <summary>
    /// Starts forming the cluster of <paramref name="system"/>, which was created from <see cref="ClusterFormationSettings.Over"/>.
    /// A management endpoint that cannot be bound terminates the system, runs <paramref name="release"/> (what the
    /// caller opened for the node) and throws an <see cref="IOException"/> naming the setting.
    /// </summary>
    public static ClusterFormation Start(ActorSystem system, ClusterFormationSettings settings, Action release)
    {
        var formation = (ClusterFormation)((ExtendedActorSystem)system).RegisterExtension(new Provider(settings));
        var log = Logging.GetLogger(system, typeof(ClusterFormation));
        log.Info("cluster formation: {0}", settings.Describe());
        if (settings.Mode != ClusterFormationMode.Bootstrap) return formation;

        BootstrapEndpoint endpoint;
        try
        {
            // Akka.Management prepares its routes without serving them, which hands ClusterBootstrap this node's own
            // contact point (http://management.hostname:management.port/); BootstrapEndpoint serves the route.
            AkkaManagement.Get(system).Routes();
            endpoint = BootstrapEndpoint.StartAsync(system, BindEndPoint(settings)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            system.Terminate().Wait();
            release();
            throw new IOException($"{ClusterFormationSettings.Path}.bootstrap.management: cannot serve the management endpoint on " +
                                  $"{BindHost(settings)}:{settings.ManagementPort}: {e.Message}", e);
        }
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-bootstrap-endpoint", async () =>
        {
            await endpoint.StopAsync();
            return Done.Instance;
        });
        system.WhenTerminated.ContinueWith(_ => endpoint.DisposeAsync().AsTask(), TaskScheduler.Default);
        formation.ManagementEndpoint = new Uri($"http://{settings.SelfContactPoint}/");
        log.Info("cluster formation: management endpoint at {0}", new Uri(formation.ManagementEndpoint, BootstrapEndpoint.SeedNodesPath));

        var started = Stopwatch.StartNew();
        var cluster = Cluster.Get(system);
        cluster.RegisterOnMemberUp(() => log.Info("cluster formation: {0} is Up {1:F1} s after bootstrap started; members [{2}]",
            cluster.SelfAddress, started.Elapsed.TotalSeconds, string.Join(", ", cluster.State.Members.Select(m => m.Address))));
        ClusterBootstrap.Get(system).Start().ContinueWith(
            t => log.Error(t.Exception, "cluster formation: Cluster Bootstrap did not start; this node joins no cluster"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return formation;
    }

    private static string BindHost(ClusterFormationSettings settings) =>
        settings.ManagementBindHostname.Length > 0 ? settings.ManagementBindHostname : settings.ManagementHostname;

    private static IPEndPoint BindEndPoint(ClusterFormationSettings settings)
    {
        string host = BindHost(settings);
        var address = IPAddress.TryParse(host, out var literal) ? literal
            : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new IOException($"'{host}' has no address");
        return new IPEndPoint(address, settings.ManagementPort);
    }

    private sealed class Provider(ClusterFormationSettings settings) : ExtensionIdProvider<ClusterFormation>
    {
        public override ClusterFormation CreateExtension(ExtendedActorSystem system) => new(settings);
    }
}
