using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Monitoring;

/// <summary>Reads one rule of <c>roko.alerting.rules</c>; thresholds of duration metrics are HOCON durations.</summary>
internal static class AlertRuleSettings
{
    private const double LargestCount = 1e12;
    private static readonly long LongestThresholdNanos = Nanoseconds.FromTimeSpan(TimeSpan.FromDays(1));

    /// <summary>The rule at <paramref name="path"/>, or null when it says <c>enabled = off</c>.</summary>
    public static AlertRule? Read(Config root, string path, string name)
    {
        var s = SettingsReader.Section(root, path);
        // A rule is on unless it says enabled = off.
        if (s.Has("enabled") && !s.Bool("enabled"))
            return null;

        string metric = s.Text("metric");
        if (!SeedMetric.Units.TryGetValue(metric, out var unit))
            throw s.Invalid("metric", $"must be one of {string.Join(", ", SeedMetric.Units.Keys)}, got '{metric}'");
        string comparisonText = s.Text("comparison");
        AlertComparison comparison = comparisonText.ToLowerInvariant() switch
        {
            "below" => AlertComparison.Below,
            "above" => AlertComparison.Above,
            _ => throw s.Invalid("comparison", $"must be 'below' or 'above', got '{comparisonText}'"),
        };
        string severityText = s.Text("severity");
        if (!AlertSeverityText.TryParse(severityText, out var severity))
            throw s.Invalid("severity", $"must be warning, high or critical, got '{severityText}'");
        string responseText = s.Text("response");
        if (!AutomatedResponseText.TryParse(responseText, out var response))
            throw s.Invalid("response", $"must be none, stop-proposing, request-more-peers or name-missing-validators, got '{responseText}'");

        var rule = new AlertRule
        {
            Name = name,
            Summary = s.Text("summary"),
            Metric = metric,
            Comparison = comparison,
            Threshold = Threshold(s, "threshold", unit),
            ResolveThreshold = Threshold(s, "resolve-threshold", unit),
            Severity = severity,
            For = s.Duration("for", TimeSpan.Zero, TimeSpan.FromDays(1)),
            Response = response,
        };
        if (rule.Problem() is { } problem)
            throw s.Invalid("resolve-threshold", problem);
        return rule;
    }

    private static double Threshold(SettingsReader s, string key, MetricUnit unit) => unit switch
    {
        MetricUnit.Seconds => DurationSeconds(s, key),
        MetricUnit.Ratio => s.Double(key, 0, 1),
        _ => s.Double(key, 0, LargestCount),
    };

    // Nanosecond-exact (TimeSpan and Akka's own parser stop at 100 ns and do not know 'us'): drift thresholds are
    // written as 1us and 800ns.
    private static double DurationSeconds(SettingsReader s, string key)
    {
        string text = s.Text(key);
        if (!SettingsReader.TryParseDurationNanos(text, out long nanos) || nanos < 0 || nanos > LongestThresholdNanos)
            throw s.Invalid(key, $"must be a duration between 0ns and 1d with a unit (ns, us, ms, s, m, h), got '{text}'");
        return Nanoseconds.ToSeconds(nanos);
    }
}
