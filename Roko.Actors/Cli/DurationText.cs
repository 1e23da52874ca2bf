using System.Globalization;

namespace Roko.Actors.Cli;

/// <summary>Parses durations given on the command line: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, or plain seconds.</summary>
public static class DurationText
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) { error = "empty duration"; return false; }
        text = text.Trim();
        double factor = 1;
        foreach (var (suffix, seconds) in Units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            text = text[..^suffix.Length];
            factor = seconds;
            break;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || double.IsInfinity(value))
        {
            error = "expected a positive duration such as 500ms, 30s, 5m or 2h";
            return false;
        }
        duration = TimeSpan.FromSeconds(value * factor);
        return true;
    }
}
