namespace Roko.Actors.Hardware.Configuration;

/// <summary>A HOCON setting is missing or has a value it cannot be; the message names the full key.</summary>
public sealed class SettingsException(string key, string problem)
    : Exception($"Setting '{key}': {problem}")
{
    public string Key { get; } = key;
}
