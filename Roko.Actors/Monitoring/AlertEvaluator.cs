using System.Collections.Immutable;

namespace Roko.Actors.Monitoring;

/// <summary>The alert states after an evaluation and the phase changes it made, in rule order.</summary>
public sealed record AlertEvaluation(ImmutableDictionary<string, AlertState> States, ImmutableArray<AlertTransition> Transitions);

/// <summary>
/// Evaluates alert rules against a metric snapshot, as Prometheus evaluates alerting rules: a pure function of
/// (states, snapshot, time); <c>for</c> is measured on <see cref="AlertTime.Monotonic"/>, never on the node clock's
/// stamps (an unbounded or corrected clock would make a pending alert wait forever or fire at once). A metric missing from the snapshot is no evidence either way: a pending alert falls
/// back to inactive (its condition is not known to hold), a firing alert keeps firing (nor is recovery known).
/// </summary>
public static class AlertEvaluator
{
    public static AlertEvaluation Evaluate(
        IReadOnlyList<AlertRule> rules,
        ImmutableDictionary<string, AlertState> states,
        MetricSnapshot snapshot,
        AlertTime now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(snapshot);
        var next = states.ToBuilder();
        var transitions = ImmutableArray.CreateBuilder<AlertTransition>();
        foreach (var rule in rules)
        {
            var current = states.GetValueOrDefault(rule.Name) ?? AlertState.Inactive(rule.Name);
            var updated = Step(rule, current, snapshot[rule.Metric], now);
            next[rule.Name] = updated;
            if (updated.Phase != current.Phase)
                transitions.Add(new AlertTransition(rule, current.Phase, updated));
        }
        return new AlertEvaluation(next.ToImmutable(), transitions.ToImmutable());
    }

    /// <summary>One rule's next state given its latest value (null when the snapshot has none).</summary>
    public static AlertState Step(AlertRule rule, AlertState state, double? value, AlertTime now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase switch
        {
            AlertPhase.Inactive or AlertPhase.Resolved => FromQuiet(rule, state, value, now),
            AlertPhase.Pending => FromPending(rule, state, value, now),
            AlertPhase.Firing => FromFiring(rule, state, value, now),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state.Phase, "not a known alert phase"),
        };
    }

    // Entered when the condition starts to hold; fires at once when the rule has no 'for' duration.
    private static AlertState FromQuiet(AlertRule rule, AlertState state, double? value, AlertTime now)
    {
        if (value is not { } v || !rule.IsBreachedBy(v))
            return state with { Value = value ?? state.Value };
        var pending = new AlertState(rule.Name, AlertPhase.Pending, v, ActiveSince: now.Stamp, FiredAt: null, ResolvedAt: null)
        {
            PendingSince = now.Monotonic,
        };
        return rule.For <= TimeSpan.Zero ? pending with { Phase = AlertPhase.Firing, FiredAt = now.Stamp } : pending;
    }

    // Fires once the condition has held for the rule's 'for' duration; any evaluation where it does not hold cancels.
    private static AlertState FromPending(AlertRule rule, AlertState state, double? value, AlertTime now)
    {
        if (value is not { } v || !rule.IsBreachedBy(v))
            return AlertState.Inactive(rule.Name) with { Value = value };
        var since = state.PendingSince ?? now.Monotonic;
        return now.Monotonic - since >= rule.For
            ? state with { Phase = AlertPhase.Firing, Value = v, FiredAt = now.Stamp }
            : state with { Value = v, PendingSince = since };
    }

    // Resolves only when the value is back past the resolve threshold, not merely back past the threshold.
    private static AlertState FromFiring(AlertRule rule, AlertState state, double? value, AlertTime now)
    {
        if (value is not { } v)
            return state;
        return rule.IsRecoveredAt(v)
            ? state with { Phase = AlertPhase.Resolved, Value = v, ResolvedAt = now.Stamp }
            : state with { Value = v };
    }
}
