using System.Globalization;

namespace Roko.Actors.Cli;

/// <summary>Parses durations given on the command line: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, or plain seconds.</summary>
public static class DurationText
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    /// <param name="allowZero">Whether 0 ("0s") is a valid answer, e.g. for "do not retry".</param>
    public static bool TryParse(string? text, out TimeSpan duration, out string error, bool allowZero = false)
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
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || (value == 0 && !allowZero) || double.IsInfinity(value))
        {
            error = allowZero ? "expected a duration such as 0s, 500ms, 30s, 5m or 2h" : "expected a positive duration such as 500ms, 30s, 5m or 2h";
            return false;
        }
        duration = TimeSpan.FromSeconds(value * factor);
        return true;
    }
}
