using Akka.Hosting;
using Akka.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Roko.Actors.Health;

/// <summary>
/// The node's health checks, registered on its Akka.Hosting builder (Microsoft.Extensions health checks): liveness is
/// the actor system running (Akka.Hosting's check); readiness is that plus the journal (Akka.Persistence's own plugin
/// health check: its circuit breaker closed), this node's cluster membership (<see cref="ClusterMembershipCheck"/>) and the node's own readiness
/// (<see cref="NodeReadinessCheck"/>, what GET /health reports). Served by the HTTP API as /health/live and /health/ready.
/// </summary>
public static class NodeHealthChecks
{
    /// <summary>Checks that make the liveness probe (/health/live) fail: the node should be restarted.</summary>
    public const string LiveTag = "live";
    /// <summary>Checks that make the readiness probe (/health/ready) fail: the node should get no traffic for now.</summary>
    public const string ReadyTag = "ready";
    /// <summary>The journal the chain store and every persistent actor of the node write to (roko.persistence).</summary>
    public const string JournalPluginId = "akka.persistence.journal.sql";
    public const string Journal = "journal";
    public const string ClusterMembership = "cluster-membership";
    public const string NodeReadiness = "node-readiness";

    public static AkkaConfigurationBuilder WithNodeHealthChecks(this AkkaConfigurationBuilder akka, TimeSpan askTimeout) => akka
        .WithActorSystemLivenessCheck(HealthStatus.Unhealthy, [LiveTag, ReadyTag])
        // A check that asks an actor gets the API's ask timeout: a stopped journal plugin never answers.
        .WithHealthCheck(Journal, JournalHealthAsync, HealthStatus.Unhealthy, [ReadyTag], askTimeout)
        .WithHealthCheck(ClusterMembership, new ClusterMembershipCheck(), HealthStatus.Unhealthy, [ReadyTag])
        .WithHealthCheck(NodeReadiness, new NodeReadinessCheck(askTimeout), HealthStatus.Unhealthy, [ReadyTag], askTimeout);

    /// <summary>
    /// The journal plugin's own answer (Akka.Persistence asks the plugin actor; a half-open or open circuit breaker is
    /// degraded, which fails readiness). Akka.Persistence.Hosting's journal check does the same but is registered only
    /// through its journal-options builder, which needs a plugin-specific options type we do not use (the plugin is
    /// configured in HOCON).
    /// </summary>
    private static async Task<HealthCheckResult> JournalHealthAsync(Akka.Actor.ActorSystem system, ActorRegistry registry, CancellationToken cancel)
    {
        var result = await Akka.Persistence.Persistence.Instance.Apply(system).CheckJournalHealthAsync(JournalPluginId, cancel);
        return result.Status == PersistenceHealthStatus.Healthy
            ? HealthCheckResult.Healthy(result.Description, data: result.Data)
            : HealthCheckResult.Unhealthy($"{result.Status}: {result.Description}", result.Exception, result.Data);
    }
}
