using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Monitoring.AlertingProtocol;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>
/// The Alerting actor on a node whose clock is unbounded (as after a restart, before time sync has corrected it): a
/// pending alert waits exactly its <c>for</c> duration on the injected monotonic source, evaluated on the actor's own
/// timer — it neither fires at once nor waits until the clock becomes bounded.
/// </summary>
public sealed class AlertingUnboundedClockSpec : TestKit
{
    private static readonly TimeSpan For = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan EvaluationInterval = TimeSpan.FromMilliseconds(50);
    /// <summary>Many evaluations at the interval above, even on a loaded machine.</summary>
    private static readonly TimeSpan SeveralEvaluations = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private static readonly AlertSource Source = new("validator-0", "na");

    private readonly FakeTimeProvider _monotonic = new();
    private readonly MetricSnapshot _breached = MetricSnapshot.Empty.With(SeedMetric.TimeDrift, 2e-3);

    private static AlertingSettings Settings() => new()
    {
        EvaluationInterval = EvaluationInterval,
        AlertmanagerUrl = null,
        GeneratorUrl = null,
        AlertmanagerTimeout = TimeSpan.FromSeconds(5),
        RetryMinBackoff = TimeSpan.FromMilliseconds(20),
        RetryMaxBackoff = TimeSpan.FromMilliseconds(80),
        ResendInterval = TimeSpan.FromHours(1),
        NetworkTopic = "roko-alerts",
        Rules = [AlertRules.TimeDrift(For)],
    };

    private IActorRef StartAlerting(Func<NanoMoment> stamp)
    {
        Sys.EventStream.Subscribe(TestActor, typeof(AlertFired));
        var alerting = Sys.ActorOf(Alerting.Props(Settings(), Source, () => _breached, stamp, time: _monotonic));
        AwaitAssert(() =>
        {
            var alerts = alerting.Ask<CurrentAlerts>(GetActiveAlerts.Instance, Generous).Result.Alerts;
            Assert.Equal(AlertPhase.Pending, Assert.Single(alerts).State.Phase);
        }, Generous);
        return alerting;
    }

    [Fact]
    public void Pending_alert_should_fire_after_its_full_for_duration_on_the_monotonic_source_while_the_clock_is_unbounded()
    {
        var clock = new LateSynchronizedClock(synchronized: false);
        Assert.False(clock.Now().IsBounded);
        var before = NanoMoment.FromDateTime(DateTime.UtcNow);
        StartAlerting(clock.Estimate);

        ExpectNoMsg(SeveralEvaluations); // not at once
        _monotonic.Advance(For - TimeSpan.FromMilliseconds(1));
        ExpectNoMsg(SeveralEvaluations); // not a moment before 'for' has passed
        _monotonic.Advance(TimeSpan.FromMilliseconds(1));

        var fired = ExpectMsg<AlertFired>(Generous); // and not never: the clock is still unbounded
        Assert.False(clock.Now().IsBounded);
        Assert.Equal("excessive-time-drift", fired.Rule.Name);
        // Stamped with the clock's estimate, not the 1970 an unbounded interval's middle would give.
        Assert.True(fired.State.ActiveSince >= before, $"startsAt {fired.State.ActiveSince} is before the test began ({before})");
    }

    [Fact]
    public void Pending_alert_should_not_fire_early_when_the_clock_becomes_bounded_or_jumps_meanwhile()
    {
        // The stamp reads 1970 first and then an hour ahead: neither moves the monotonic source that 'for' is measured on.
        var stamp = NanoMoment.UnixEpoch;
        StartAlerting(() => stamp);

        _monotonic.Advance(For / 2);
        stamp = NanoMoment.FromDateTime(DateTime.UtcNow) + TimeSpan.FromHours(1);
        ExpectNoMsg(SeveralEvaluations);
        _monotonic.Advance(For / 2);

        ExpectMsg<AlertFired>(Generous);
    }
}
