using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Monitoring;

/// <summary>The node an alert comes from: Alertmanager's <c>node</c> and <c>region</c> labels.</summary>
public sealed record AlertSource(string Node, string Region);

/// <summary>
/// One element of the body of Alertmanager's <c>POST /api/v2/alerts</c> (its <c>postableAlert</c>): identifying
/// labels, annotations for people, <c>startsAt</c>, <c>endsAt</c> once resolved, and the link back.
/// </summary>
public sealed record PostableAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] string StartsAt,
    [property: JsonPropertyName("endsAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EndsAt,
    [property: JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl);

/// <summary>Maps firing and resolved alerts to Alertmanager's v2 API JSON.</summary>
public static class AlertmanagerPayload
{
    public const string AlertsPath = "api/v2/alerts";
    public const string AlertNameLabel = "alertname";
    public const string SeverityLabel = "severity";
    public const string NodeLabel = "node";
    public const string RegionLabel = "region";
    public const string SummaryAnnotation = "summary";
    public const string DescriptionAnnotation = "description";

    /// <summary>The alert as Alertmanager should see it, or null while it is neither firing nor resolved.</summary>
    public static PostableAlert? From(AlertRule rule, AlertState state, AlertSource source, Uri? generatorUrl)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(source);
        if (state.Phase is not (AlertPhase.Firing or AlertPhase.Resolved) || state.ActiveSince is not { } startsAt)
            return null;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [AlertNameLabel] = rule.Name,
            [SeverityLabel] = rule.Severity.ToText(),
            [NodeLabel] = source.Node,
            [RegionLabel] = source.Region,
        };
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [SummaryAnnotation] = rule.Summary,
            [DescriptionAnnotation] = Description(rule, state, source),
        };
        string? endsAt = state.Phase == AlertPhase.Resolved && state.ResolvedAt is { } resolvedAt ? Timestamp(resolvedAt) : null;
        return new PostableAlert(labels, annotations, Timestamp(startsAt), endsAt, generatorUrl?.AbsoluteUri);
    }

    public static string Serialize(IReadOnlyList<PostableAlert> alerts) =>
        JsonSerializer.Serialize(alerts, AlertmanagerJsonContext.Default.IReadOnlyListPostableAlert);

    /// <summary>RFC 3339 in UTC with nanoseconds, as Go's time parser reads it.</summary>
    public static string Timestamp(NanoMoment moment)
    {
        long seconds = Math.DivRem(moment.UnixNanoseconds, NanoMoment.NanosPerSecond, out long nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += NanoMoment.NanosPerSecond;
        }
        var whole = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        return whole.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) +
               "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    private static string Description(AlertRule rule, AlertState state, AlertSource source)
    {
        string condition = (state.Phase, state.Value) switch
        {
            (_, null) => $"{rule.Metric} has no value",
            (AlertPhase.Resolved, { } v) => $"{rule.Metric} is back at {MetricValueText.Format(v, rule.Metric)} " +
                                            $"(resolve threshold {MetricValueText.Format(rule.ResolveThreshold, rule.Metric)})",
            (_, { } v) => rule.Describe(v),
        };
        return $"{condition} on node {source.Node} ({source.Region})";
    }
}

[JsonSerializable(typeof(IReadOnlyList<PostableAlert>))]
internal sealed partial class AlertmanagerJsonContext : JsonSerializerContext;
