using System.Globalization;
using Akka.Configuration;

namespace Roko.Actors.Hardware.Configuration;

/// <summary>
/// Reads typed values from one HOCON block, naming the full key in every error. Missing keys fall back to the
/// default the caller passes (the defaults themselves are documented in hocon/roko.conf).
/// </summary>
public sealed class SettingsReader
{
    private static readonly (string Suffix, long Nanos)[] DurationUnits =
    [
        ("ns", 1L), ("us", 1_000L), ("µs", 1_000L), ("ms", 1_000_000L), ("s", 1_000_000_000L),
        ("m", 60_000_000_000L), ("h", 3_600_000_000_000L),
    ];

    private readonly Config _block;

    public SettingsReader(Config? root, string path)
        : this(root, path, path)
    {
    }

    private SettingsReader(Config? parent, string relativePath, string fullPath)
    {
        Path = fullPath;
        _block = parent is not null && !parent.IsEmpty && parent.HasPath(relativePath)
            ? parent.GetConfig(relativePath)
            : Config.Empty;
    }

    public string Path { get; }

    public SettingsReader Child(string key) => new(_block, key, FullKey(key));

    public string FullKey(string key) => $"{Path}.{key}";

    public bool Has(string key) => !_block.IsEmpty && _block.HasPath(key);

    public string GetString(string key, string fallback) => Has(key) ? _block.GetString(key) ?? fallback : fallback;

    public double GetDouble(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!Has(key)) return fallback;
        var text = _block.GetString(key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value))
            throw new SettingsException(FullKey(key), $"expected a number, got '{text}'");
        return CheckRange(key, value, min, max);
    }

    public int GetInt(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!Has(key)) return fallback;
        var text = _block.GetString(key);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new SettingsException(FullKey(key), $"expected an integer, got '{text}'");
        return (int)CheckRange(key, value, min, max);
    }

    /// <summary>on | off | true | false | yes | no.</summary>
    public bool GetBoolean(string key, bool fallback)
    {
        if (!Has(key)) return fallback;
        var text = (_block.GetString(key) ?? "").Trim().ToLowerInvariant();
        return text switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new SettingsException(FullKey(key), $"expected on or off, got '{text}'"),
        };
    }

    /// <summary>A duration such as <c>500ns</c>, <c>10us</c>, <c>1.5ms</c>, <c>2s</c>, in nanoseconds.</summary>
    public long GetDurationNanos(string key, long fallback, long min = 0, long max = long.MaxValue)
    {
        if (!Has(key)) return fallback;
        var text = _block.GetString(key) ?? "";
        if (!TryParseDurationNanos(text, out var nanos))
            throw new SettingsException(FullKey(key), $"expected a duration with a unit (ns, us, ms, s, m, h), got '{text}'");
        if (nanos < min || nanos > max)
            throw new SettingsException(FullKey(key), $"{text} is outside [{min} ns, {max} ns]");
        return nanos;
    }

    public T GetEnum<T>(string key, T fallback) where T : struct, Enum
    {
        if (!Has(key)) return fallback;
        var text = (_block.GetString(key) ?? "").Replace("-", "", StringComparison.Ordinal);
        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        var allowed = string.Join(" | ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw new SettingsException(FullKey(key), $"expected one of {allowed}, got '{_block.GetString(key)}'");
    }

    public static bool TryParseDurationNanos(string text, out long nanos)
    {
        nanos = 0;
        text = text.Trim();
        foreach (var (suffix, unit) in DurationUnits.OrderByDescending(u => u.Suffix.Length))
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var number = text[..^suffix.Length].Trim();
            if (!decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)) return false;
            try
            {
                nanos = (long)decimal.Round(amount * unit);
                return true;
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        return false;
    }

    private double CheckRange(string key, double value, double min, double max)
    {
        if (value < min || value > max)
            throw new SettingsException(FullKey(key), $"{value.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return value;
    }
}
