namespace Roko.Actors.Hardware.Ptp;

/// <summary>A <c>roko.ptp</c> setting is missing or out of range; <see cref="Key"/> names the full HOCON path.</summary>
public sealed class PtpSettingsException(string key, string message) : Exception($"{key}: {message}")
{
    public string Key { get; } = key;
}
