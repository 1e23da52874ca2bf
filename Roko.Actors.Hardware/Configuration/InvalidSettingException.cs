using Akka.Configuration;

namespace Roko.Actors.Hardware.Configuration;

/// <summary>
/// A configuration value that is missing or cannot be what it says; <see cref="Key"/> is the full HOCON path. A
/// <see cref="ConfigurationException"/>, so whoever reports bad configuration reports this too.
/// </summary>
public sealed class InvalidSettingException(string key, string problem)
    : ConfigurationException($"Setting '{key}': {problem}")
{
    public string Key { get; } = key;
}
