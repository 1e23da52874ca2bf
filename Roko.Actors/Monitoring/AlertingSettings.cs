using System.Collections.Immutable;
using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.Monitoring;

/// <summary>The <c>roko.alerting</c> block, read once; hocon/roko.conf documents every key with its unit and default.</summary>
public sealed record AlertingSettings
{
    public const string Path = "roko.alerting";
    private const string RulesKey = "rules";
    private static readonly TimeSpan LongestInterval = TimeSpan.FromDays(1);

    /// <summary>How often the rules are evaluated against the latest metrics.</summary>
    public required TimeSpan EvaluationInterval { get; init; }
    /// <summary>Alertmanager's base address (…:9093); null sends nothing.</summary>
    public required Uri? AlertmanagerUrl { get; init; }
    /// <summary>The page alerts link back to (generatorURL); null leaves it out.</summary>
    public required Uri? GeneratorUrl { get; init; }
    /// <summary>How long one POST to Alertmanager may take.</summary>
    public required TimeSpan AlertmanagerTimeout { get; init; }
    /// <summary>First delay before a failed POST is retried; it doubles up to <see cref="RetryMaxBackoff"/>.</summary>
    public required TimeSpan RetryMinBackoff { get; init; }
    public required TimeSpan RetryMaxBackoff { get; init; }
    /// <summary>Firing alerts are sent again this often, so Alertmanager does not time them out.</summary>
    public required TimeSpan ResendInterval { get; init; }
    /// <summary>DistributedPubSub topic on which every node publishes its alerts and learns the others'.</summary>
    public required string NetworkTopic { get; init; }
    /// <summary>
    /// The enabled rules, ordered by name. Rules on link latency (latency_p50, latency_p99) are read over the emulated link
    /// profile: with roko.network.wan on, its longest round trip is added to their thresholds (<see cref="AlertRule.OverLinks"/>).
    /// </summary>
    public required ImmutableArray<AlertRule> Rules { get; init; }

    public static AlertingSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var retryMin = s.Duration("retry-min-backoff", TimeSpan.FromMilliseconds(1), LongestInterval);
        var retryMax = s.Duration("retry-max-backoff", TimeSpan.FromMilliseconds(1), LongestInterval);
        if (retryMax < retryMin)
            throw s.Invalid("retry-max-backoff", $"must not be shorter than retry-min-backoff ({retryMin})");
        var links = WanSettings.Create(root).LongestRoundTrip;
        return new AlertingSettings
        {
            EvaluationInterval = s.Duration("evaluation-interval", TimeSpan.FromMilliseconds(1), LongestInterval),
            AlertmanagerUrl = HttpUrl(s, "alertmanager-url"),
            GeneratorUrl = HttpUrl(s, "generator-url"),
            AlertmanagerTimeout = s.Duration("alertmanager-timeout", TimeSpan.FromMilliseconds(1), LongestInterval),
            RetryMinBackoff = retryMin,
            RetryMaxBackoff = retryMax,
            ResendInterval = s.Duration("resend-interval", TimeSpan.FromSeconds(1), LongestInterval),
            NetworkTopic = Topic(s, "network-topic"),
            Rules = [.. ReadRules(root).Select(rule => rule.OverLinks(links))],
        };
    }

    private static string Topic(SettingsReader s, string key)
    {
        string text = s.Text(key);
        if (string.IsNullOrWhiteSpace(text) || text.Any(c => char.IsWhiteSpace(c) || c == '/'))
            throw s.Invalid(key, $"must be a non-empty topic name without spaces or '/', got '{text}'");
        return text;
    }

    private static Uri? HttpUrl(SettingsReader s, string key)
    {
        string text = s.Text(key);
        if (text.Length == 0)
            return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw s.Invalid(key, $"must be empty or an absolute http(s) URL, got '{text}'");
        return url;
    }

    private static ImmutableArray<AlertRule> ReadRules(Config root)
    {
        string rulesPath = $"{Path}.{RulesKey}";
        var names = SettingsReader.Section(root, rulesPath).Keys.Order(StringComparer.Ordinal);
        var rules = ImmutableArray.CreateBuilder<AlertRule>();
        foreach (string name in names)
        {
            if (AlertRuleSettings.Read(root, $"{rulesPath}.{name}", name) is { } rule)
                rules.Add(rule);
        }
        return rules.ToImmutable();
    }
}
