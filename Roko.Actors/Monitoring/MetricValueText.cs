using System.Globalization;

namespace Roko.Actors.Monitoring;

/// <summary>A metric value for people: durations with a fitting unit (ns, µs, ms, s), ratios as percentages.</summary>
public static class MetricValueText
{
    private const double Micro = 1e-6;
    private const double Milli = 1e-3;
    private const double Percent = 100;

    public static string Format(double value, string metric)
    {
        var unit = SeedMetric.Units.TryGetValue(metric, out var u) ? u : MetricUnit.Count;
        return unit switch
        {
            MetricUnit.Seconds => Duration(value),
            MetricUnit.Ratio => (value * Percent).ToString("0.#", CultureInfo.InvariantCulture) + " %",
            _ => value.ToString("0.###", CultureInfo.InvariantCulture),
        };
    }

    private static string Duration(double seconds)
    {
        double magnitude = Math.Abs(seconds);
        return magnitude switch
        {
            < Micro => (seconds / Micro * 1_000).ToString("0.#", CultureInfo.InvariantCulture) + " ns",
            < Milli => (seconds / Micro).ToString("0.###", CultureInfo.InvariantCulture) + " µs",
            < 1 => (seconds / Milli).ToString("0.###", CultureInfo.InvariantCulture) + " ms",
            _ => seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s",
        };
    }
}
