using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class AlertEvaluatorTests
{
    private static readonly NanoMoment Start = NanoMoment.FromUnixSeconds(1_700_000_000);
    private static readonly ImmutableDictionary<string, AlertState> NoStates = ImmutableDictionary<string, AlertState>.Empty;

    private static MetricSnapshot Drift(double seconds) => MetricSnapshot.Empty.With(SeedMetric.TimeDrift, seconds);

    /// <summary>An evaluation <paramref name="seconds"/> after the start, on the monotonic source and the node clock alike.</summary>
    private static AlertTime At(double seconds) => new(TimeSpan.FromSeconds(seconds), Start + TimeSpan.FromSeconds(seconds));

    private static AlertEvaluation Run(AlertRule rule, IEnumerable<(double? Value, double AtSeconds)> steps)
    {
        var evaluation = new AlertEvaluation(NoStates, []);
        var transitions = ImmutableArray.CreateBuilder<AlertTransition>();
        foreach (var (value, at) in steps)
        {
            var snapshot = value is { } v ? MetricSnapshot.Empty.With(rule.Metric, v) : MetricSnapshot.Empty;
            evaluation = AlertEvaluator.Evaluate([rule], evaluation.States, snapshot, At(at));
            transitions.AddRange(evaluation.Transitions);
        }
        return evaluation with { Transitions = transitions.ToImmutable() };
    }

    [Fact]
    public void Alert_should_be_pending_until_the_condition_has_held_for_its_for_duration_then_fire()
    {
        var rule = AlertRules.TimeDrift(TimeSpan.FromSeconds(5));

        var pending = AlertEvaluator.Evaluate([rule], NoStates, Drift(2e-6), At(0));
        var stillPending = AlertEvaluator.Evaluate([rule], pending.States, Drift(2e-6), At(4));
        var firing = AlertEvaluator.Evaluate([rule], stillPending.States, Drift(3e-6), At(5));

        Assert.Equal(AlertPhase.Pending, Assert.Single(pending.Transitions).To.Phase);
        Assert.Empty(stillPending.Transitions);
        var fired = Assert.Single(firing.Transitions);
        Assert.True(fired.Fired);
        Assert.Equal(AlertPhase.Pending, fired.From);
        Assert.Equal(Start, fired.To.ActiveSince);
        Assert.Equal(Start + TimeSpan.FromSeconds(5), fired.To.FiredAt);
        Assert.Equal(3e-6, fired.To.Value);
    }

    [Fact]
    public void Pending_alert_should_fire_after_its_for_duration_on_the_monotonic_source_while_the_node_clock_stands_still()
    {
        // An unbounded node clock: its stamp does not move (or reads 1970), yet the condition has held for 'for'.
        var rule = AlertRules.TimeDrift(TimeSpan.FromSeconds(5));
        var stamp = NanoMoment.UnixEpoch;

        var pending = AlertEvaluator.Evaluate([rule], NoStates, Drift(2e-6), new AlertTime(TimeSpan.FromSeconds(100), stamp));
        var almost = AlertEvaluator.Evaluate([rule], pending.States, Drift(2e-6), new AlertTime(TimeSpan.FromSeconds(105) - TimeSpan.FromTicks(1), stamp));
        var due = AlertEvaluator.Evaluate([rule], almost.States, Drift(2e-6), new AlertTime(TimeSpan.FromSeconds(105), stamp));

        Assert.Equal(AlertPhase.Pending, Assert.Single(pending.Transitions).To.Phase);
        Assert.Empty(almost.Transitions);
        Assert.True(Assert.Single(due.Transitions).Fired);
    }

    [Fact]
    public void Pending_alert_should_not_fire_early_when_the_node_clock_jumps_forward()
    {
        // The clock becomes bounded (or is stepped) an hour later than it read: only a second has passed.
        var rule = AlertRules.TimeDrift(TimeSpan.FromSeconds(5));

        var pending = AlertEvaluator.Evaluate([rule], NoStates, Drift(2e-6), new AlertTime(TimeSpan.Zero, NanoMoment.UnixEpoch));
        var after = AlertEvaluator.Evaluate([rule], pending.States, Drift(2e-6), new AlertTime(TimeSpan.FromSeconds(1), Start + TimeSpan.FromHours(1)));

        Assert.Empty(after.Transitions);
        Assert.Equal(AlertPhase.Pending, after.States[rule.Name].Phase);
        Assert.Equal(NanoMoment.UnixEpoch, after.States[rule.Name].ActiveSince);
    }

    [Fact]
    public void Alert_should_fire_at_once_when_its_rule_has_no_for_duration()
    {
        var evaluation = AlertEvaluator.Evaluate([AlertRules.LowPeers(TimeSpan.Zero)], NoStates,
            MetricSnapshot.Empty.With(SeedMetric.PeerCount, 42), At(0));

        var transition = Assert.Single(evaluation.Transitions);
        Assert.Equal(AlertPhase.Inactive, transition.From);
        Assert.True(transition.Fired);
    }

    [Fact]
    public void Pending_alert_should_fall_back_to_inactive_without_firing_when_the_condition_stops_holding()
    {
        var evaluation = Run(AlertRules.TimeDrift(), [(2e-6, 0), (0.9e-6, 3), (2e-6, 4), (2e-6, 8)]);

        Assert.Equal(AlertPhase.Pending, evaluation.States["excessive-time-drift"].Phase);
        Assert.Equal(Start + TimeSpan.FromSeconds(4), evaluation.States["excessive-time-drift"].ActiveSince);
        Assert.DoesNotContain(evaluation.Transitions, t => t.Fired);
    }

    [Fact]
    public void Firing_alert_should_keep_firing_between_the_threshold_and_the_resolve_threshold()
    {
        var evaluation = Run(AlertRules.TimeDrift(TimeSpan.Zero), [(2e-6, 0), (0.9e-6, 1), (0.85e-6, 2)]);

        Assert.Equal(AlertPhase.Firing, evaluation.States["excessive-time-drift"].Phase);
        Assert.Single(evaluation.Transitions);
    }

    [Fact]
    public void Firing_alert_should_resolve_once_the_value_is_back_past_the_resolve_threshold()
    {
        var evaluation = Run(AlertRules.TimeDrift(TimeSpan.Zero), [(2e-6, 0), (0.9e-6, 1), (0.5e-6, 2)]);

        var state = evaluation.States["excessive-time-drift"];
        Assert.Equal(AlertPhase.Resolved, state.Phase);
        Assert.Equal(Start, state.ActiveSince);
        Assert.Equal(Start + TimeSpan.FromSeconds(2), state.ResolvedAt);
        Assert.Equal([AlertPhase.Firing, AlertPhase.Resolved], evaluation.Transitions.Select(t => t.To.Phase));
    }

    [Fact]
    public void Resolved_alert_should_start_over_as_pending_when_the_condition_returns()
    {
        var evaluation = Run(AlertRules.TimeDrift(), [(2e-6, 0), (2e-6, 5), (0.1e-6, 6), (2e-6, 7)]);

        var state = evaluation.States["excessive-time-drift"];
        Assert.Equal(AlertPhase.Pending, state.Phase);
        Assert.Equal(Start + TimeSpan.FromSeconds(7), state.ActiveSince);
        Assert.Null(state.FiredAt);
        Assert.Null(state.ResolvedAt);
    }

    [Fact]
    public void Missing_metric_should_neither_resolve_a_firing_alert_nor_keep_a_pending_one()
    {
        var firing = Run(AlertRules.TimeDrift(TimeSpan.Zero), [(2e-6, 0), (null, 1)]);
        var pending = Run(AlertRules.TimeDrift(), [(2e-6, 0), (null, 1)]);

        Assert.Equal(AlertPhase.Firing, firing.States["excessive-time-drift"].Phase);
        Assert.Equal(AlertPhase.Inactive, pending.States["excessive-time-drift"].Phase);
    }

    [Fact]
    public void Evaluation_should_report_transitions_in_rule_order_and_leave_other_rules_alone()
    {
        var snapshot = MetricSnapshot.Empty.With(SeedMetric.PeerCount, 3).With(SeedMetric.TimeDrift, 5e-6);

        var evaluation = AlertEvaluator.Evaluate([AlertRules.LowPeers(), AlertRules.TimeDrift(TimeSpan.Zero)], NoStates, snapshot, At(0));

        Assert.Equal(["low-peer-count", "excessive-time-drift"], evaluation.Transitions.Select(t => t.Rule.Name));
        Assert.All(evaluation.Transitions, t => Assert.True(t.Fired));
    }

    [Property(MaxTest = 200)]
    public Property Value_hovering_between_the_two_thresholds_should_never_resolve_a_firing_alert(PositiveInt[] steps)
    {
        var rule = AlertRules.TimeDrift(TimeSpan.Zero);
        var hovering = steps.Select(s => (double?)(0.81e-6 + s.Get % 1_000 * 1e-12));
        var run = Run(rule, [(2e-6, 0), .. hovering.Select((v, i) => (v, (double)(i + 1)))]);

        return (run.States[rule.Name].Phase == AlertPhase.Firing && run.Transitions.Length == 1).ToProperty();
    }
}
