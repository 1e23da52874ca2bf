using Roko.Actors.Hardware.Time;
using Roko.Actors.Wire;

namespace Roko.Actors.Monitoring;

/// <summary>
/// One node's alert as every node sees it: published on the DistributedPubSub topic <c>roko.alerting.network-topic</c>
/// when it fires, again every <c>resend-interval</c> while it fires, and once when it resolves
/// (<see cref="ResolvedAt"/> set). Plain fields only, so it crosses the wire without the rule's types.
/// </summary>
public sealed record NetworkAlert(
    string Node,
    string Region,
    string Alert,
    string Summary,
    string Severity,
    string Metric,
    double? Value,
    NanoMoment? ActiveSince,
    NanoMoment? FiredAt,
    NanoMoment? ResolvedAt) : IWireMessage
{
    public bool Firing => ResolvedAt is null;

    public static NetworkAlert From(AlertSource source, AlertRule rule, AlertState state)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        return new NetworkAlert(source.Node, source.Region, rule.Name, rule.Summary, rule.Severity.ToText(), rule.Metric,
            state.Value, state.ActiveSince, state.FiredAt, state.Phase == AlertPhase.Resolved ? state.ResolvedAt ?? state.FiredAt : null);
    }
}
