using System.Collections.Immutable;

namespace Roko.Actors.Monitoring;

/// <summary>
/// The latest value of each alertable metric (keys from <see cref="SeedMetric"/>, values in the metric's
/// <see cref="MetricUnit"/>), plus the validators that did not take part in the latest round. A metric that has
/// not been observed yet is absent.
/// </summary>
public sealed record MetricSnapshot(ImmutableDictionary<string, double> Values, ImmutableArray<string> MissingValidators)
{
    public static MetricSnapshot Empty { get; } = new(ImmutableDictionary<string, double>.Empty, []);

    public double? this[string metric] => Values.TryGetValue(metric, out double value) ? value : null;

    public MetricSnapshot With(string metric, double value) => this with { Values = Values.SetItem(metric, value) };

    public MetricSnapshot Without(string metric) => this with { Values = Values.Remove(metric) };
}
