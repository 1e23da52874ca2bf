using System.Globalization;
using System.Text;

namespace Roko.Actors.Monitoring;

/// <summary>The lexical rules of the Prometheus text format 0.0.4: names, label escaping, HELP escaping, numbers.</summary>
internal static class PrometheusText
{
    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_:]</c> (and a leading digit) with <c>_</c>.</summary>
    public static string MetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_]</c> (and a leading digit) with <c>_</c>.</summary>
    public static string LabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    public static string LabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
             .Replace("\"", "\\\"", StringComparison.Ordinal)
             .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and line feed (a double quote stays as it is).</summary>
    public static string Help(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value as Go's ParseFloat reads it: shortest round-trip digits, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
            return "_";
        var text = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
            text.Append('_');
        foreach (char c in name)
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        return text.ToString();
    }
}
