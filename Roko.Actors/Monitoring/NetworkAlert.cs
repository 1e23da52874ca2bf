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
    /// <summary>Longest node, region and alert name accepted from another node (far above any configured name).</summary>
    public const int MaxNameLength = 128;
    /// <summary>Longest summary and metric text accepted from another node.</summary>
    public const int MaxTextLength = 1024;

    public bool Firing => ResolvedAt is null;

    /// <summary>
    /// Null when the alert is well formed as received from another node; otherwise which field is wrong and why. A
    /// malformed alert changes nothing in the view and counts against its sender (<see cref="Network.GuardPath.PubSub"/>).
    /// </summary>
    public string? Validate() =>
        Name(nameof(Node), Node) ?? Name(nameof(Region), Region) ?? Name(nameof(Alert), Alert)
        ?? Text(nameof(Summary), Summary, allowEmpty: true) ?? Text(nameof(Metric), Metric, allowEmpty: false)
        ?? (Severity is null || !AlertSeverityText.TryParse(Severity, out _) ? $"severity: '{Severity}' is not warning, high or critical" : null)
        ?? (Value is { } v && !double.IsFinite(v) ? $"value: {v} is not a finite number" : null)
        ?? (FiredAt is { } fired && ResolvedAt is { } resolved && resolved < fired ? "resolved_at: before fired_at" : null);

    private static string? Name(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? $"{field.ToLowerInvariant()}: empty"
        : value.Length > MaxNameLength ? $"{field.ToLowerInvariant()}: {value.Length} characters, at most {MaxNameLength}"
        : null;

    private static string? Text(string field, string? value, bool allowEmpty) =>
        value is null || (!allowEmpty && value.Length == 0) ? $"{field.ToLowerInvariant()}: empty"
        : value.Length > MaxTextLength ? $"{field.ToLowerInvariant()}: {value.Length} characters, at most {MaxTextLength}"
        : null;

    public static NetworkAlert From(AlertSource source, AlertRule rule, AlertState state)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        return new NetworkAlert(source.Node, source.Region, rule.Name, rule.Summary, rule.Severity.ToText(), rule.Metric,
            state.Value, state.ActiveSince, state.FiredAt, state.Phase == AlertPhase.Resolved ? state.ResolvedAt ?? state.FiredAt : null);
    }
}
