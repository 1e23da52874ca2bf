namespace Roko.Actors.Network;

/// <summary>A configuration value that is missing or out of range; <see cref="Key"/> is the full HOCON path.</summary>
public sealed class InvalidSettingException(string key, string problem)
    : Exception($"Setting '{key}': {problem}")
{
    public string Key { get; } = key;
}
