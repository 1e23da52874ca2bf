using Akka.Configuration;

namespace Roko.Actors.Configuration;

/// <summary>The repository's <c>hocon/roko.conf</c>, embedded in the <c>roko</c> assembly: every key's default.</summary>
public static class RokoDefaultConfig
{
    public const string ResourceName = "Roko.Actors.roko.conf";

    public static Config Load()
    {
        using Stream stream = typeof(RokoDefaultConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} (hocon/roko.conf) is missing from the build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    /// <summary>Parses <paramref name="hocon"/> and falls back to the defaults for every key it leaves out.</summary>
    public static Config WithDefaults(string hocon) =>
        ConfigurationFactory.ParseString(hocon).WithFallback(Load());
}
