using Akka.Configuration;

namespace Roko.Actors.Hardware;

/// <summary>The module's embedded reference.conf; callers use it as a fallback for their own config.</summary>
public static class HardwareConfig
{
    private const string ResourceName = "Roko.Actors.Hardware.reference.conf";

    public const string ClockDispatcherId = "roko.hardware.clock-dispatcher";

    public static Config Default { get; } = Load();

    private static Config Load()
    {
        using var stream = typeof(HardwareConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
