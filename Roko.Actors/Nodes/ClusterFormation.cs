using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;

namespace Roko.Actors.Nodes;

/// <summary>
/// How the running node finds its cluster (<see cref="ClusterFormationSettings"/>), as an extension of its ActorSystem so
/// whoever hosts the node can ask (<see cref="Of"/>). With static seed nodes Akka.Cluster joins them by itself. With
/// Cluster Bootstrap the node serves Akka.Management's HTTP endpoint (route <c>/bootstrap/seed-nodes</c>, plain HTTP)
/// and runs <see cref="ClusterBootstrap"/>: it discovers the other nodes' endpoints, asks each for the members of its
/// cluster, joins the cluster they report, and when none has one the node with the lowest endpoint forms it (Akka's
/// LowestAddressJoinDecider; its coordinator logs each step: contact points located, seed nodes returned, joining,
/// self-joining). The management endpoint stops with the node's CoordinatedShutdown.
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

        try
        {
            formation.ManagementEndpoint = AkkaManagement.Get(system).Start().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            system.Terminate().Wait();
            release();
            string reason = e.InnerException?.Message ?? e.Message;
            throw new IOException($"{ClusterFormationSettings.Path}.bootstrap.management: cannot serve the management endpoint on " +
                                  $"{BindHost(settings)}:{settings.ManagementPort}: {reason}", e);
        }
        log.Info("cluster formation: management endpoint at {0}bootstrap/seed-nodes", formation.ManagementEndpoint);

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

    private sealed class Provider(ClusterFormationSettings settings) : ExtensionIdProvider<ClusterFormation>
    {
        public override ClusterFormation CreateExtension(ExtendedActorSystem system) => new(settings);
    }
}
