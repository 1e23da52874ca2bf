namespace Roko.Actors.Monitoring;

/// <summary>Which side of the threshold is bad: <c>below</c> (peer count, participation) or <c>above</c> (drift, latency).</summary>
public enum AlertComparison
{
    Below,
    Above,
}

/// <summary>
/// One alert rule. The condition holds when the metric is past <see cref="Threshold"/> on the bad side; once it has
/// held for <see cref="For"/> the alert fires; a firing alert resolves only when the value is back past
/// <see cref="ResolveThreshold"/> on the good side (hysteresis), so a value hovering at the threshold does not flap.
/// Values and thresholds are in the metric's <see cref="MetricUnit"/> (seconds for durations).
/// </summary>
public sealed record AlertRule
{
    /// <summary>The HOCON key under <c>roko.alerting.rules</c>; the Alertmanager <c>alertname</c>.</summary>
    public required string Name { get; init; }
    /// <summary>One line for people: "Low peer count".</summary>
    public required string Summary { get; init; }
    /// <summary>A <see cref="SeedMetric"/> name.</summary>
    public required string Metric { get; init; }
    public required AlertComparison Comparison { get; init; }
    public required double Threshold { get; init; }
    public required double ResolveThreshold { get; init; }
    public required AlertSeverity Severity { get; init; }
    public required TimeSpan For { get; init; }
    public AutomatedResponse Response { get; init; } = AutomatedResponse.None;

    public bool IsBreachedBy(double value) => Comparison == AlertComparison.Below ? value < Threshold : value > Threshold;

    public bool IsRecoveredAt(double value) =>
        Comparison == AlertComparison.Below ? value >= ResolveThreshold : value <= ResolveThreshold;

    /// <summary>Why the rule cannot work, or null when it can.</summary>
    public string? Problem()
    {
        if (!SeedMetric.Units.ContainsKey(Metric))
            return $"metric '{Metric}' is not one of {string.Join(", ", SeedMetric.Units.Keys)}";
        if (!double.IsFinite(Threshold) || !double.IsFinite(ResolveThreshold))
            return "thresholds must be finite numbers";
        if (For < TimeSpan.Zero)
            return "'for' must not be negative";
        return Comparison switch
        {
            AlertComparison.Below when ResolveThreshold < Threshold =>
                $"resolve-threshold {ResolveThreshold} must not be below threshold {Threshold} for a 'below' rule",
            AlertComparison.Above when ResolveThreshold > Threshold =>
                $"resolve-threshold {ResolveThreshold} must not be above threshold {Threshold} for an 'above' rule",
            _ => null,
        };
    }

    /// <summary>
    /// This rule over links that themselves take up to <paramref name="roundTrip"/>: a link-latency rule's thresholds are
    /// the excess over it (both raised by it), so it fires on what the network adds, not on the distance the link profile
    /// emulates. Other rules are returned unchanged.
    /// </summary>
    public AlertRule OverLinks(TimeSpan roundTrip) =>
        roundTrip <= TimeSpan.Zero || !SeedMetric.IsLinkLatency(Metric)
            ? this
            : this with { Threshold = Threshold + roundTrip.TotalSeconds, ResolveThreshold = ResolveThreshold + roundTrip.TotalSeconds };

    /// <summary>"peer_count 42 is below 100" in the metric's natural unit.</summary>
    public string Describe(double value) =>
        $"{Metric} {MetricValueText.Format(value, Metric)} is {(Comparison == AlertComparison.Below ? "below" : "above")} " +
        MetricValueText.Format(Threshold, Metric);
}
