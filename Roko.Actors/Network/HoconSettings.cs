using Akka.Configuration;

namespace Roko.Actors.Network;

/// <summary>
/// Reads typed values from one HOCON section and validates them; every error names the full key.
/// </summary>
internal sealed class HoconSettings
{
    private readonly Config _section;
    private readonly string _path;

    private HoconSettings(Config section, string path)
    {
        _section = section;
        _path = path;
    }

    public static HoconSettings Section(Config root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.HasPath(path))
            throw new InvalidSettingException(path, "section is missing");
        return new HoconSettings(root.GetConfig(path), path);
    }

    public int Int(string key, int min, int max = int.MaxValue)
    {
        long value = Read(key, c => c.GetLong(key));
        if (value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max}, got {value}");
        return (int)value;
    }

    public long Bytes(string key, long min, long max = long.MaxValue)
    {
        long value = Read(key, c => c.GetByteSize(key) ?? throw new FormatException("not a byte size"));
        if (value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max} bytes, got {value}");
        return value;
    }

    public double Double(string key, double min, double max)
    {
        double value = Read(key, c => c.GetDouble(key));
        if (double.IsNaN(value) || value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max}, got {value}");
        return value;
    }

    public TimeSpan Duration(string key, TimeSpan min, TimeSpan max)
    {
        TimeSpan value = Read(key, c => c.GetTimeSpan(key, null, allowInfinite: false));
        if (value < min || value > max)
            throw Invalid(key, $"must be between {min} and {max}, got {value}");
        return value;
    }

    public string Text(string key) => Read(key, c => c.GetString(key));

    public bool Bool(string key) => Read(key, c => c.GetBoolean(key));

    public IReadOnlyList<string> TextList(string key) => Read(key, c => c.GetStringList(key).ToList());

    public InvalidSettingException Invalid(string key, string problem) => new($"{_path}.{key}", problem);

    private T Read<T>(string key, Func<Config, T> read)
    {
        if (!_section.HasPath(key))
            throw Invalid(key, "is missing");
        try
        {
            return read(_section);
        }
        catch (Exception e) when (e is not InvalidSettingException)
        {
            throw Invalid(key, $"cannot be read ({e.Message})");
        }
    }
}
