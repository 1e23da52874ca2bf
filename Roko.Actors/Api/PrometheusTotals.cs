using System.Globalization;

namespace Roko.Actors.Api;

/// <summary>Sums the samples of one counter family in Prometheus text (all label sets), for the dashboard's rates.</summary>
public static class PrometheusTotals
{
    public static double Sum(string exposition, string family)
    {
        double sum = 0;
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(family, StringComparison.Ordinal) || line.Length == family.Length) continue;
            char next = line[family.Length];
            if (next != '{' && next != ' ') continue;
            int space = line.LastIndexOf(' ');
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) sum += value;
        }
        return sum;
    }
}
