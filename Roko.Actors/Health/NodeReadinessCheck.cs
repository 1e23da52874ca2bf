using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Roko.Actors.Nodes;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Health;

/// <summary>
/// The node's own readiness, as its guardian (/user/node) answers <see cref="GetNodeStatus"/>: the chain is recovered
/// and the services run, none stopped for good. The same answer GET /health gives.
/// </summary>
public sealed class NodeReadinessCheck(TimeSpan askTimeout) : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        if (!context.ActorRegistry.TryGet<NodeGuardian>(out var guardian))
            return new HealthCheckResult(failure, "the node guardian is not started");
        try
        {
            var status = await guardian.Ask<NodeStatus>(GetNodeStatus.Instance, askTimeout, cancellationToken);
            if (status.Ready) return HealthCheckResult.Healthy($"ready at height {status.Tip?.Height}");
            return new HealthCheckResult(failure, status.Stopped.Count > 0
                ? $"not ready: {string.Join(", ", status.Stopped)} stopped for good"
                : "not ready: recovering the chain or starting its services");
        }
        catch (AskTimeoutException)
        {
            return new HealthCheckResult(failure, $"the node guardian did not answer within {askTimeout.TotalSeconds:F1} s");
        }
    }
}
