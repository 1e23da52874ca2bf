using System.Globalization;

namespace Roko.Actors.Devnet.Bench;

/// <summary>The transaction rates a capacity bench runs: positive, finite, in increasing order.</summary>
public static class CapacityRates
{
    /// <summary>Parses <c>200,400,800</c>; null with <paramref name="error"/> when the text is not such a list.</summary>
    public static IReadOnlyList<double>? Parse(string text, out string error)
    {
        var rates = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (ParseRate(part) is not { } rate)
            {
                error = $"expected a comma-separated list of positive numbers such as 200,400,800, got '{part}'";
                return null;
            }
            rates.Add(rate);
        }
        error = Problem(rates) ?? "";
        return error.Length == 0 ? rates : null;
    }

    /// <summary>One rate: a positive, finite number of transactions per second; null when <paramref name="text"/> is not one.</summary>
    public static double? ParseRate(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && !double.IsInfinity(rate) ? rate : null;

    /// <summary>Null when <paramref name="rates"/> are a list to run, otherwise why not.</summary>
    public static string? Problem(IReadOnlyList<double> rates)
    {
        if (rates.Count == 0) return "expected at least one rate";
        for (int i = 1; i < rates.Count; i++)
            if (rates[i] <= rates[i - 1])
                return $"rates must increase, got {Format(rates[i])} after {Format(rates[i - 1])}";
        return null;
    }

    public static string Format(double rate) => rate.ToString("0.###", CultureInfo.InvariantCulture);
}
