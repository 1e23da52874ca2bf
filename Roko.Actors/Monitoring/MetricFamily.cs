using System.Text;

namespace Roko.Actors.Monitoring;

/// <summary>
/// The aggregated series of one instrument under one Prometheus name and type. Observed families (observable
/// instruments) are cleared before each collection so that a label set no longer reported disappears.
/// </summary>
internal abstract class MetricFamily(string name, string help, bool observed)
{
    private readonly SortedDictionary<string, LabelSet> _labels = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public string Help { get; } = help;
    public bool Observed { get; } = observed;
    protected abstract string Type { get; }

    public void Record(LabelSet labels, double value)
    {
        _labels.TryAdd(labels.Rendered, labels);
        Accumulate(labels.Rendered, value);
    }

    public void ClearObserved()
    {
        if (!Observed)
            return;
        _labels.Clear();
        ClearValues();
    }

    public void Write(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(PrometheusText.Help(Help)).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        foreach (var (key, labels) in _labels)
            WriteSeries(text, key, labels);
    }

    protected abstract void Accumulate(string series, double value);
    protected abstract void ClearValues();
    protected abstract void WriteSeries(StringBuilder text, string series, LabelSet labels);

    protected void WriteSample(StringBuilder text, string suffix, string braced, double value) =>
        text.Append(Name).Append(suffix).Append(braced).Append(' ').Append(PrometheusText.Number(value)).Append('\n');
}

/// <summary>
/// A value per series: a sum of increments (synchronous counters and up-down counters) or the latest reported
/// value (observable instruments report absolute values; synchronous gauges record absolute values).
/// </summary>
internal sealed class ValueFamily(string name, string help, string type, bool observed, bool sumsIncrements)
    : MetricFamily(name, help, observed)
{
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    protected override string Type { get; } = type;

    protected override void Accumulate(string series, double value) =>
        _values[series] = sumsIncrements ? _values.GetValueOrDefault(series) + value : value;

    protected override void ClearValues() => _values.Clear();

    protected override void WriteSeries(StringBuilder text, string series, LabelSet labels) =>
        WriteSample(text, "", labels.Braced(), _values[series]);
}

/// <summary>Cumulative buckets, sum and count per series, rendered as <c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>.</summary>
internal sealed class HistogramFamily(string name, string help, IReadOnlyList<double> upperBounds)
    : MetricFamily(name, help, observed: false)
{
    private const string BucketLabel = "le";
    private readonly double[] _bounds = [.. upperBounds.Where(double.IsFinite).Distinct().Order()];
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

    protected override string Type => "histogram";

    protected override void Accumulate(string series, double value)
    {
        if (!_series.TryGetValue(series, out var s))
            _series[series] = s = new Series(new long[_bounds.Length]);
        int bucket = Array.FindIndex(_bounds, bound => value <= bound);
        if (bucket >= 0)
            s.Buckets[bucket]++;
        s.Count++;
        s.Sum += value;
    }

    protected override void ClearValues() => _series.Clear();

    protected override void WriteSeries(StringBuilder text, string series, LabelSet labels)
    {
        var s = _series[series];
        long cumulative = 0;
        for (int i = 0; i < _bounds.Length; i++)
        {
            cumulative += s.Buckets[i];
            WriteSample(text, "_bucket", labels.Braced(BucketLabel, PrometheusText.Number(_bounds[i])), cumulative);
        }
        WriteSample(text, "_bucket", labels.Braced(BucketLabel, "+Inf"), s.Count);
        WriteSample(text, "_sum", labels.Braced(), s.Sum);
        WriteSample(text, "_count", labels.Braced(), s.Count);
    }

    private sealed class Series(long[] buckets)
    {
        public long[] Buckets { get; } = buckets;
        public long Count { get; set; }
        public double Sum { get; set; }
    }
}
