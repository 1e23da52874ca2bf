using Akka.Configuration;

namespace Roko.Actors.Configuration;

/// <summary>The documented defaults of <c>hocon/roko.conf</c>, embedded in the <c>roko</c> assembly.</summary>
public static class RokoDefaultConfig
{
    public const string ResourceName = "roko.conf";

    public static Config Load()
    {
        using var stream = typeof(RokoDefaultConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the roko assembly.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
