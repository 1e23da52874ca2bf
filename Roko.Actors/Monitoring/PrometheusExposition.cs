using System.Diagnostics.Metrics;
using System.Text;

namespace Roko.Actors.Monitoring;

/// <summary>
/// Collects one <see cref="Meter"/> instance's instruments with a <see cref="MeterListener"/> from construction
/// on, and renders them in the Prometheus text format 0.0.4: counters as <c>counter</c> (name ending in
/// <c>_total</c>), gauges and up-down counters as <c>gauge</c>, histograms as <c>histogram</c> with cumulative
/// buckets. The meter's and instruments' tags become labels on every series. Families are ordered by name and
/// series by labels, so equal state renders to equal text.
/// </summary>
public sealed class PrometheusExposition : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string CounterSuffix = "_total";

    private readonly Meter _meter;
    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    public PrometheusExposition(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
        _listener = new MeterListener { InstrumentPublished = Publish };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>((i, m, t, s) => OnMeasurement(i, m, t, s));
        _listener.SetMeasurementEventCallback<long>((i, m, t, s) => OnMeasurement(i, m, t, s));
        _listener.SetMeasurementEventCallback<int>((i, m, t, s) => OnMeasurement(i, m, t, s));
        _listener.SetMeasurementEventCallback<short>((i, m, t, s) => OnMeasurement(i, m, t, s));
        _listener.SetMeasurementEventCallback<byte>((i, m, t, s) => OnMeasurement(i, m, t, s));
        _listener.SetMeasurementEventCallback<decimal>((i, m, t, s) => OnMeasurement(i, (double)m, t, s));
        _listener.Start();
    }

    /// <summary>Asks the observable instruments for their current values and renders every family.</summary>
    public string Render()
    {
        lock (_gate)
        {
            foreach (var family in _families.Values)
                family.ClearObserved();
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values)
                family.Write(text);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Publish(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter, _meter))
            return;
        var family = FamilyFor(instrument);
        lock (_gate)
        {
            if (!_families.TryAdd(family.Name, family))
                throw new InvalidOperationException($"two instruments of meter '{_meter.Name}' export as '{family.Name}'");
        }
        listener.EnableMeasurementEvents(instrument, family);
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (state is not MetricFamily family)
            return;
        var constant = (instrument.Meter.Tags ?? []).Concat(instrument.Tags ?? []);
        var labels = LabelSet.From(constant, tags);
        lock (_gate)
            family.Record(labels, value);
    }

    private static MetricFamily FamilyFor(Instrument instrument)
    {
        string name = PrometheusText.MetricName(instrument.Name);
        string help = string.IsNullOrWhiteSpace(instrument.Description) ? name : instrument.Description;
        var definition = instrument.GetType().GetGenericTypeDefinition();

        if (definition == typeof(Counter<>))
            return new ValueFamily(CounterName(name), help, "counter", observed: false, sumsIncrements: true);
        if (definition == typeof(ObservableCounter<>))
            return new ValueFamily(CounterName(name), help, "counter", observed: true, sumsIncrements: false);
        if (definition == typeof(UpDownCounter<>))
            return new ValueFamily(name, help, "gauge", observed: false, sumsIncrements: true);
        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>))
            return new ValueFamily(name, help, "gauge", observed: true, sumsIncrements: false);
        if (definition == typeof(Gauge<>))
            return new ValueFamily(name, help, "gauge", observed: false, sumsIncrements: false);
        if (definition == typeof(Histogram<>))
            return new HistogramFamily(name, help, BucketBounds(instrument));
        throw new NotSupportedException($"instrument '{instrument.Name}' is a {instrument.GetType().Name}, which has no Prometheus type");
    }

    private static string CounterName(string name) => name.EndsWith(CounterSuffix, StringComparison.Ordinal) ? name : name + CounterSuffix;

    private static IReadOnlyList<double> BucketBounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h when h.Advice?.HistogramBucketBoundaries is { } bounds => [.. bounds],
        Histogram<long> h when h.Advice?.HistogramBucketBoundaries is { } bounds => [.. bounds.Select(b => (double)b)],
        Histogram<int> h when h.Advice?.HistogramBucketBoundaries is { } bounds => [.. bounds.Select(b => (double)b)],
        _ => HistogramBuckets.Fallback,
    };
}
