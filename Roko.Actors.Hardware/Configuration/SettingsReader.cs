using System.Globalization;
using Akka.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Configuration;

/// <summary>
/// The one reader of settings: typed values from one HOCON section, each checked against its range. There are no
/// defaults in code — every key has its default in hocon/roko.conf, so callers pass a config that falls back to it —
/// and a key that is missing or cannot be what it says is an <see cref="InvalidSettingException"/> naming its full path.
/// </summary>
public sealed class SettingsReader
{
    private static readonly (string Suffix, long Nanos)[] DurationUnits =
    [
        ("ns", 1L), ("us", Nanoseconds.PerMicrosecond), ("µs", Nanoseconds.PerMicrosecond), ("ms", Nanoseconds.PerMillisecond),
        ("s", NanoMoment.NanosPerSecond), ("m", 60 * NanoMoment.NanosPerSecond), ("h", 3600 * NanoMoment.NanosPerSecond),
    ];

    private readonly Config _section;

    private SettingsReader(Config section, string path)
    {
        _section = section;
        Path = path;
    }

    /// <summary>The full HOCON path of this section, e.g. <c>roko.clock</c>.</summary>
    public string Path { get; }

    /// <summary>The section at <paramref name="path"/> of <paramref name="root"/>; a missing section names its path.</summary>
    public static SettingsReader Section(Config root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.IsEmpty || !root.HasPath(path))
            throw new InvalidSettingException(path, "section is missing");
        return new SettingsReader(root.GetConfig(path), path);
    }

    /// <summary>The section <paramref name="key"/> under this one; a missing section names its full path.</summary>
    public SettingsReader Child(string key)
    {
        if (!Has(key))
            throw Invalid(key, "section is missing");
        return new SettingsReader(_section.GetConfig(key), FullKey(key));
    }

    /// <summary>The full HOCON path of <paramref name="key"/> in this section.</summary>
    public string FullKey(string key) => $"{Path}.{key}";

    /// <summary>
    /// Whether <paramref name="key"/> is set: only for the few keys whose absence is documented in hocon/roko.conf as a
    /// choice (a role file decides them); every other key is simply read, and its absence is an error.
    /// </summary>
    public bool Has(string key) => !_section.IsEmpty && _section.HasPath(key);

    /// <summary>The keys directly under this section (e.g. the names of <c>roko.alerting.rules</c>).</summary>
    public IEnumerable<string> Keys => _section.IsEmpty ? [] : _section.Root.GetObject().Items.Keys;

    public int Int(string key, int min, int max = int.MaxValue) => (int)Long(key, min, max);

    public long Long(string key, long min, long max = long.MaxValue)
    {
        long value = Read(key, c => c.GetLong(key));
        if (value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max}, got {value}");
        return value;
    }

    /// <summary>A byte size such as <c>64 KiB</c> or <c>1m</c>, in bytes.</summary>
    public long Bytes(string key, long min, long max = long.MaxValue)
    {
        long value = Read(key, c => c.GetByteSize(key) ?? throw new FormatException("not a byte size"));
        if (value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max} bytes, got {value}");
        return value;
    }

    public double Double(string key, double min, double max)
    {
        string text = Text(key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value))
            throw Invalid(key, $"expected a number, got '{text}'");
        if (value < min || value > max)
            throw Invalid(key, $"must be between {Format(min)} and {Format(max)}, got {Format(value)}");
        return value;
    }

    /// <summary>A HOCON duration (<c>500ms</c>, <c>2s</c>, <c>1d</c>; not infinite), for settings kept as <see cref="TimeSpan"/>.</summary>
    public TimeSpan Duration(string key, TimeSpan min, TimeSpan max)
    {
        TimeSpan value = Read(key, c => c.GetTimeSpan(key, null, allowInfinite: false));
        if (value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max}, got {value}");
        return value;
    }

    /// <summary>
    /// A nanosecond-exact duration such as <c>500ns</c>, <c>10us</c>, <c>1.5ms</c>, <c>2s</c> (units ns, us, ms, s, m, h),
    /// in nanoseconds: for the time and clock settings, which are kept in nanoseconds (a TimeSpan stops at 100 ns).
    /// </summary>
    public long DurationNanos(string key, long min = 0, long max = long.MaxValue)
    {
        string text = Text(key);
        if (!TryParseDurationNanos(text, out long nanos))
            throw Invalid(key, $"expected a duration with a unit (ns, us, ms, s, m, h), got '{text}'");
        if (nanos < min || nanos > max)
            throw Invalid(key, $"{text} is outside [{min} ns, {max} ns]");
        return nanos;
    }

    public string Text(string key) =>
        Read(key, c => c.GetString(key) ?? throw new FormatException("not a list or object"), "must be a single value");

    /// <summary>on | off | true | false | yes | no.</summary>
    public bool Bool(string key)
    {
        string text = Text(key).Trim().ToLowerInvariant();
        return text switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw Invalid(key, $"expected on or off, got '{text}'"),
        };
    }

    /// <summary>A list of strings, e.g. <c>["a", "b"]</c> or <c>[]</c>.</summary>
    public IReadOnlyList<string> TextList(string key) =>
        Read(key, c => c.GetValue(key).IsObject() ? throw new FormatException("an object") : c.GetStringList(key).ToList(), "must be a list");

    /// <summary>One of <typeparamref name="T"/>'s names, in any case, with dashes between words (<c>free-running</c>).</summary>
    public T Enum<T>(string key) where T : struct, Enum
    {
        string text = Text(key);
        if (System.Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && System.Enum.IsDefined(value))
            return value;
        string allowed = string.Join(" | ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        throw Invalid(key, $"expected one of {allowed}, got '{text}'");
    }

    /// <summary>The error for <paramref name="key"/> of this section, for checks the typed reads cannot make.</summary>
    public InvalidSettingException Invalid(string key, string problem) => new(FullKey(key), problem);

    /// <summary>Parses a nanosecond-exact duration (see <see cref="DurationNanos"/>).</summary>
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

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private T Read<T>(string key, Func<Config, T> read, string failure = "cannot be read")
    {
        if (!Has(key))
            throw Invalid(key, "is missing");
        try
        {
            return read(_section);
        }
        catch (Exception e) when (e is not InvalidSettingException)
        {
            throw Invalid(key, $"{failure} ({e.Message})");
        }
    }
}
