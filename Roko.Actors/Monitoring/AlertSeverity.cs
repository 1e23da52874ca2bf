namespace Roko.Actors.Monitoring;

/// <summary>How urgent an alert is; its text form (<c>warning</c>, <c>high</c>, <c>critical</c>) is the HOCON
/// value and the Alertmanager <c>severity</c> label.</summary>
public enum AlertSeverity
{
    /// <summary>Degraded service that an operator should look at during working hours.</summary>
    Warning,
    /// <summary>The node is losing its footing (the seeds' low peer count); page someone.</summary>
    High,
    /// <summary>Safety of the chain or of time is at stake (the seeds' drift and participation alerts).</summary>
    Critical,
}

public static class AlertSeverityText
{
    public static string ToText(this AlertSeverity severity) => severity switch
    {
        AlertSeverity.Warning => "warning",
        AlertSeverity.High => "high",
        AlertSeverity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "not a known severity"),
    };

    public static bool TryParse(string text, out AlertSeverity severity)
    {
        foreach (var candidate in Enum.GetValues<AlertSeverity>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }
        severity = default;
        return false;
    }
}
