using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Cluster.Tools.Singleton;
using Roko.Actors.Monitoring;

namespace Roko.Actors.Nodes;

/// <summary>
/// The monitoring children NodeGuardian starts on every node once the chain is recovered: /user/node/alerting
/// (rules over this node's metrics; sinks: log, event stream, the DistributedPubSub topic, Alertmanager), the
/// NetworkHealth singleton's manager and proxy, and the reporter that feeds it.
/// </summary>
public static class NodeMonitoring
{
    public const string AlertingName = "alerting";
    public const string HealthReporterName = "health-reporter";

    public static void Start(IActorContext context, NodeServices services, IActorRef peers, ulong height)
    {
        var system = context.System;
        var source = new AlertSource(services.Settings.Name, services.Settings.Region);
        // 'for' durations and freshness are measured on a monotonic source; the clock's estimate (meaningful while the
        // clock is unbounded, unlike an interval's midpoint) only stamps the alerts.
        context.ActorOf(Alerting.Props(services.AlertingSettings, source, services.Metrics.Snapshot, services.Clock.Estimate,
            mediator: DistributedPubSub.Get(system).Mediator, guard: services.Guard), AlertingName);

        context.ActorOf(ClusterSingletonManager.Props(NetworkHealth.Props(services.HealthSettings), PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system)), NetworkHealthProtocol.ManagerName);
        var proxy = context.ActorOf(ClusterSingletonProxy.Props(NetworkHealthProtocol.ManagerPath, ClusterSingletonProxySettings.Create(system)),
            NetworkHealthProtocol.ProxyName);
        context.ActorOf(NodeHealthReporter.Props(services.HealthSettings, source, services.Settings.Role.ToString().ToLowerInvariant(),
            height, services.Metrics, peers, proxy), HealthReporterName);
    }
}
