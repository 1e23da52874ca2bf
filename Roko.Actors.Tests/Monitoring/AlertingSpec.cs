using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;
using static Roko.Actors.Monitoring.AlertingProtocol;

namespace Roko.Actors.Tests.Monitoring;

public sealed class AlertingSpec : TestKit
{
    private static readonly TimeSpan NeverOnItsOwn = TimeSpan.FromHours(1);
    private static readonly AlertSource Source = new("node-1", "na");

    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private NanoMoment _now = NanoMoment.FromUnixSeconds(1_700_000_000);
    // The monotonic source 'for' is measured on; EvaluateAt moves it with _now.
    private readonly FakeTimeProvider _time = new(Started);
    private MetricSnapshot _metrics = MetricSnapshot.Empty;

    private static AlertingSettings Settings(params AlertRule[] rules) => new()
    {
        EvaluationInterval = NeverOnItsOwn,
        AlertmanagerUrl = null,
        GeneratorUrl = null,
        AlertmanagerTimeout = TimeSpan.FromSeconds(5),
        RetryMinBackoff = TimeSpan.FromMilliseconds(20),
        RetryMaxBackoff = TimeSpan.FromMilliseconds(80),
        ResendInterval = NeverOnItsOwn,
        NetworkTopic = "roko-alerts",
        Rules = [.. rules],
    };

    private IActorRef StartAlerting(AlertingSettings settings, HttpClient? http = null) =>
        Sys.ActorOf(Alerting.Props(settings, Source, () => _metrics, () => _now, http, time: _time));

    private void EvaluateAt(IActorRef alerting, double atSeconds, string metric, double value)
    {
        _now = NanoMoment.FromUnixSeconds(1_700_000_000) + TimeSpan.FromSeconds(atSeconds);
        _time.SetUtcNow(Started + TimeSpan.FromSeconds(atSeconds));
        _metrics = _metrics.With(metric, value);
        alerting.Tell(Evaluate.Instance);
        WaitUntilProcessed(alerting);
    }

    // The actor reads _now and _metrics when it handles Evaluate; a query behind it marks that it has.
    private void WaitUntilProcessed(IActorRef alerting)
    {
        var probe = CreateTestProbe();
        alerting.Tell(GetActiveAlerts.Instance, probe);
        probe.ExpectMsg<CurrentAlerts>();
    }

    [Fact]
    public void Alerting_should_publish_fired_and_stop_proposing_only_after_the_for_duration()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(AlertFired));
        Sys.EventStream.Subscribe(TestActor, typeof(StopProposing));
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift(TimeSpan.FromSeconds(5))));

        EvaluateAt(alerting, 0, SeedMetric.TimeDrift, 2e-6);
        EvaluateAt(alerting, 4, SeedMetric.TimeDrift, 2e-6);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        EvaluateAt(alerting, 5, SeedMetric.TimeDrift, 2e-6);

        var fired = ExpectMsg<AlertFired>();
        Assert.Equal(("node-1", "excessive-time-drift", AlertPhase.Firing), (fired.Node, fired.Rule.Name, fired.State.Phase));
        Assert.Contains("Excessive time drift", ExpectMsg<StopProposing>().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerting_should_publish_resolved_and_resume_proposing_once_drift_is_back_under_the_resolve_threshold()
    {
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift(TimeSpan.Zero)));
        EvaluateAt(alerting, 0, SeedMetric.TimeDrift, 2e-6);
        Sys.EventStream.Subscribe(TestActor, typeof(AlertResolved));
        Sys.EventStream.Subscribe(TestActor, typeof(ResumeProposing));

        EvaluateAt(alerting, 1, SeedMetric.TimeDrift, 0.9e-6);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        EvaluateAt(alerting, 2, SeedMetric.TimeDrift, 0.1e-6);

        Assert.Equal(AlertPhase.Resolved, ExpectMsg<AlertResolved>().State.Phase);
        ExpectMsg<ResumeProposing>();
    }

    [Fact]
    public void Alerting_should_answer_with_pending_and_firing_alerts()
    {
        var alerting = StartAlerting(Settings(AlertRules.TimeDrift(TimeSpan.FromSeconds(5)), AlertRules.LowPeers()));
        _metrics = _metrics.With(SeedMetric.PeerCount, 3);
        EvaluateAt(alerting, 0, SeedMetric.TimeDrift, 2e-6);

        alerting.Tell(GetActiveAlerts.Instance);

        var alerts = ExpectMsg<CurrentAlerts>().Alerts;
        Assert.Equal([("excessive-time-drift", AlertPhase.Pending), ("low-peer-count", AlertPhase.Firing)],
            alerts.Select(a => (a.Rule.Name, a.State.Phase)));
    }

    [Fact]
    public void Low_peer_count_should_ask_for_more_peers_and_low_participation_should_name_the_missing_validators()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(RequestMorePeers));
        Sys.EventStream.Subscribe(TestActor, typeof(MissingValidators));
        var participation = new AlertRule
        {
            Name = "network-at-risk", Summary = "Network at risk", Metric = SeedMetric.ValidatorParticipation,
            Comparison = AlertComparison.Below, Threshold = 0.66, ResolveThreshold = 0.7, Severity = AlertSeverity.Critical,
            For = TimeSpan.Zero, Response = AutomatedResponse.NameMissingValidators,
        };
        var alerting = StartAlerting(Settings(AlertRules.LowPeers(), participation));
        _metrics = _metrics with { MissingValidators = ["validator-3", "validator-4"] };

        EvaluateAt(alerting, 0, SeedMetric.PeerCount, 40);
        Assert.Contains("Low peer count", ExpectMsg<RequestMorePeers>().Reason, StringComparison.Ordinal);
        EvaluateAt(alerting, 1, SeedMetric.ValidatorParticipation, 0.5);
        Assert.Equal<string>(["validator-3", "validator-4"], ExpectMsg<MissingValidators>().Names.ToArray());
    }

    [Fact]
    public void Alerting_should_evaluate_on_its_own_timer()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(AlertFired));
        _metrics = _metrics.With(SeedMetric.PeerCount, 1);

        StartAlerting(Settings(AlertRules.LowPeers()) with { EvaluationInterval = TimeSpan.FromMilliseconds(50) });

        Assert.Equal("low-peer-count", ExpectMsg<AlertFired>(TimeSpan.FromSeconds(5)).Rule.Name);
    }

    [Fact]
    public void Alerting_should_survive_a_snapshot_that_throws()
    {
        var calls = 0;
        var alerting = Sys.ActorOf(Alerting.Props(Settings(AlertRules.LowPeers()), Source,
            () => ++calls == 1 ? throw new InvalidOperationException("metrics gone") : MetricSnapshot.Empty.With(SeedMetric.PeerCount, 1),
            () => _now));
        Sys.EventStream.Subscribe(TestActor, typeof(AlertFired));

        alerting.Tell(Evaluate.Instance);
        alerting.Tell(Evaluate.Instance);

        ExpectMsg<AlertFired>();
    }

    [Fact]
    public void Alerting_should_retry_alertmanager_with_backoff_until_it_accepts_the_firing_then_the_resolved_alert()
    {
        var handler = new StubAlertmanagerHandler(failures: 2);
        using var http = new HttpClient(handler);
        var settings = Settings(AlertRules.TimeDrift(TimeSpan.Zero)) with { AlertmanagerUrl = new Uri("http://alertmanager.test:9093") };
        var alerting = StartAlerting(settings, http);

        EvaluateAt(alerting, 0, SeedMetric.TimeDrift, 2e-6);
        AwaitCondition(() => handler.Accepted.Count == 1, TimeSpan.FromSeconds(5));
        EvaluateAt(alerting, 1, SeedMetric.TimeDrift, 0.1e-6);
        AwaitCondition(() => handler.Accepted.Count == 2, TimeSpan.FromSeconds(5));

        Assert.Equal(4, handler.Attempts);
        var bodies = handler.Accepted.ToArray();
        Assert.All(bodies, b => Assert.StartsWith("http://alertmanager.test:9093/api/v2/alerts [", b, StringComparison.Ordinal));
        using var firing = JsonDocument.Parse(bodies[0][(bodies[0].IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        using var resolved = JsonDocument.Parse(bodies[1][(bodies[1].IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.False(firing.RootElement[0].TryGetProperty("endsAt", out _));
        Assert.True(resolved.RootElement[0].TryGetProperty("endsAt", out _));
        alerting.Tell(GetActiveAlerts.Instance);
        Assert.Empty(ExpectMsg<CurrentAlerts>().Alerts);
    }

    [Fact]
    public void Alerting_should_resend_firing_alerts_every_resend_interval()
    {
        var handler = new StubAlertmanagerHandler();
        using var http = new HttpClient(handler);
        var settings = Settings(AlertRules.LowPeers()) with
        {
            AlertmanagerUrl = new Uri("http://alertmanager.test:9093"),
            ResendInterval = TimeSpan.FromMilliseconds(100),
        };
        var alerting = StartAlerting(settings, http);

        EvaluateAt(alerting, 0, SeedMetric.PeerCount, 1);

        AwaitCondition(() => handler.Accepted.Count >= 3, TimeSpan.FromSeconds(5));
    }
}
