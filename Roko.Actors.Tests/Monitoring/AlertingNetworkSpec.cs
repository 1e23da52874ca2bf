using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;
using static Roko.Actors.Monitoring.AlertingProtocol;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>The Alerting actor's DistributedPubSub sink and network view, with a probe standing in for the mediator.</summary>
public sealed class AlertingNetworkSpec : TestKit
{
    private const string Topic = "roko-alerts";
    private static readonly AlertSource Source = new("validator-0", "na");
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_700_000_000);

    private NanoMoment _now = T0;
    private MetricSnapshot _metrics = MetricSnapshot.Empty;

    private static AlertingSettings Settings(params AlertRule[] rules) => new()
    {
        EvaluationInterval = TimeSpan.FromHours(1),
        AlertmanagerUrl = null,
        GeneratorUrl = null,
        AlertmanagerTimeout = TimeSpan.FromSeconds(5),
        RetryMinBackoff = TimeSpan.FromMilliseconds(20),
        RetryMaxBackoff = TimeSpan.FromMilliseconds(80),
        ResendInterval = TimeSpan.FromHours(1),
        NetworkTopic = Topic,
        Rules = [.. rules],
    };

    private IActorRef StartAlerting(AlertingSettings settings, IActorRef mediator) =>
        Sys.ActorOf(Alerting.Props(settings, Source, () => _metrics, () => _now, mediator: mediator));

    private void EvaluateAt(IActorRef alerting, double atSeconds, string metric, double value)
    {
        _now = T0 + TimeSpan.FromSeconds(atSeconds);
        _metrics = _metrics.With(metric, value);
        alerting.Tell(Evaluate.Instance);
        alerting.Ask<CurrentAlerts>(GetActiveAlerts.Instance, TimeSpan.FromSeconds(3)).Wait();
    }

    [Fact]
    public void Alerting_should_subscribe_to_the_topic_and_publish_firing_and_resolved_alerts_on_it()
    {
        var mediator = CreateTestProbe();
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift(TimeSpan.Zero)), mediator);
        var subscribe = mediator.ExpectMsg<Subscribe>();
        Assert.Equal((Topic, alerting), (subscribe.Topic, subscribe.Ref));

        EvaluateAt(alerting, 0, SeedMetric.TimeDrift, 2e-6);
        var fired = mediator.ExpectMsg<Publish>();
        Assert.Equal(Topic, fired.Topic);
        var firing = Assert.IsType<NetworkAlert>(fired.Message);
        Assert.Equal(("validator-0", "excessive-time-drift", true), (firing.Node, firing.Alert, firing.Firing));

        EvaluateAt(alerting, 1, SeedMetric.TimeDrift, 1e-7);
        var resolved = Assert.IsType<NetworkAlert>(mediator.ExpectMsg<Publish>().Message);
        Assert.False(resolved.Firing);
    }

    [Fact]
    public void Alerting_should_drop_a_malformed_network_alert_and_keep_serving_the_view()
    {
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift()), CreateTestProbe());
        var good = new NetworkAlert("validator-3", "apac", "low-peer-count", "Low peer count", "high", SeedMetric.PeerCount, 1, T0, T0, null);

        alerting.Tell(good with { Node = null! });
        alerting.Tell(good with { Severity = "apocalyptic", Node = "validator-4" });
        alerting.Tell(good);
        alerting.Tell(GetNetworkAlerts.Instance);

        Assert.Equal(["validator-3"], ExpectMsg<CurrentNetworkAlerts>().ByNode.Keys);
    }

    [Fact]
    public void Alerting_should_answer_the_network_view_from_what_the_nodes_published()
    {
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift()), CreateTestProbe());
        var other = new NetworkAlert("validator-3", "apac", "low-peer-count", "Low peer count", "high", SeedMetric.PeerCount, 1, T0, T0, null);

        alerting.Tell(other);
        alerting.Tell(GetNetworkAlerts.Instance);

        var view = ExpectMsg<CurrentNetworkAlerts>().ByNode;
        Assert.Equal(other, Assert.Single(view["validator-3"]));

        alerting.Tell(other with { ResolvedAt = T0 + TimeSpan.FromSeconds(3) });
        alerting.Tell(GetNetworkAlerts.Instance);
        Assert.Empty(ExpectMsg<CurrentNetworkAlerts>().ByNode);
    }

    [Fact]
    public void Alerting_should_repeat_stop_proposing_at_every_evaluation_while_the_drift_alert_fires()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(StopProposing));
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift(TimeSpan.Zero)), CreateTestProbe());

        EvaluateAt(alerting, 0, SeedMetric.TimeDrift, 2e-6);
        ExpectMsg<StopProposing>();
        EvaluateAt(alerting, 1, SeedMetric.TimeDrift, 2e-6);
        ExpectMsg<StopProposing>();
        EvaluateAt(alerting, 2, SeedMetric.TimeDrift, 1e-7);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }
}
