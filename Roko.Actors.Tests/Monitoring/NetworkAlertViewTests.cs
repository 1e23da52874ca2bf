using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class NetworkAlertViewTests
{
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_700_000_000);

    private static NetworkAlert Firing(string node, string alert, int startedAt) =>
        new(node, "eu", alert, "summary", "critical", "time_drift", 0.08, T0 + TimeSpan.FromSeconds(startedAt), T0 + TimeSpan.FromSeconds(startedAt + 2), null);

    private static NetworkAlert Resolved(NetworkAlert firing, int at) => firing with { ResolvedAt = T0 + TimeSpan.FromSeconds(at) };

    [Fact]
    public void View_should_keep_firing_alerts_by_node_and_drop_them_once_resolved()
    {
        var drift = Firing("validator-0", "excessive-time-drift", 0);
        var peers = Firing("validator-2", "low-peer-count", 1);

        var view = NetworkAlertView.Empty.Apply(drift).Apply(peers);
        Assert.Equal(["validator-0", "validator-2"], view.ByNode().Keys);

        view = view.Apply(Resolved(drift, 10));
        Assert.Equal(["validator-2"], view.ByNode().Keys);
        Assert.Equal(peers, Assert.Single(view.ByNode()["validator-2"]));
    }

    [Fact]
    public void View_should_ignore_a_late_resend_of_an_alert_already_resolved_but_take_a_new_firing()
    {
        var drift = Firing("validator-0", "excessive-time-drift", 0);
        var view = NetworkAlertView.Empty.Apply(drift).Apply(Resolved(drift, 10));

        Assert.Empty(view.Apply(drift).ByNode());
        Assert.Single(view.Apply(Firing("validator-0", "excessive-time-drift", 20)).ByNode());
    }

    [Fact]
    public void View_should_forget_everything_a_node_reported()
    {
        var view = NetworkAlertView.Empty.Apply(Firing("validator-0", "a", 0)).Apply(Firing("validator-1", "a", 0));

        Assert.Equal(["validator-1"], view.Forget("validator-0").ByNode().Keys);
    }

    [Fact]
    public void NetworkAlert_should_carry_the_rule_and_state_and_mark_a_resolved_alert()
    {
        var rule = AlertRules.TimeDrift();
        var state = new AlertState(rule.Name, AlertPhase.Resolved, 1e-7, T0, T0 + TimeSpan.FromSeconds(5), T0 + TimeSpan.FromSeconds(9));

        var alert = NetworkAlert.From(new AlertSource("validator-0", "na"), rule, state);

        Assert.Equal(("validator-0", "na", rule.Name, "critical", rule.Metric), (alert.Node, alert.Region, alert.Alert, alert.Severity, alert.Metric));
        Assert.False(alert.Firing);
        Assert.Equal(T0 + TimeSpan.FromSeconds(9), alert.ResolvedAt);
    }
}
