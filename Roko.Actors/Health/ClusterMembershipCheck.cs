using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Roko.Actors.Health;

/// <summary>
/// Readiness from this node's view of the cluster: healthy while the node is an Up member that reaches a majority of
/// the members it knows (itself included), i.e. it is not cut off. Akka.Cluster.Hosting's readiness check only says
/// whether the node has joined once and stays healthy after, so a node later cut off would still look ready.
/// </summary>
public sealed class ClusterMembershipCheck : IAkkaHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cluster = Cluster.Get(context.ActorSystem);
        var state = cluster.State;
        var self = cluster.SelfMember;
        int members = state.Members.Count;
        int unreachable = state.Unreachable.Count(m => !m.Address.Equals(self.Address));
        var data = new Dictionary<string, object> { ["status"] = self.Status.ToString(), ["members"] = members, ["unreachable"] = unreachable };
        return Task.FromResult(Judge(self.Status, members, unreachable) is { } problem
            ? new HealthCheckResult(context.Registration?.FailureStatus ?? HealthStatus.Unhealthy, problem, data: data)
            : HealthCheckResult.Healthy($"Up, reaching {members - unreachable} of {members} members", data));
    }

    /// <summary>Null when the node may take traffic, else why not.</summary>
    public static string? Judge(MemberStatus self, int members, int unreachable)
    {
        if (self is not (MemberStatus.Up or MemberStatus.WeaklyUp)) return $"this node is {self} in the cluster, not Up";
        if (2 * (members - unreachable) <= members) return $"cut off: {unreachable} of {members} members unreachable from this node";
        return null;
    }
}
