using Akka.Configuration;

namespace Roko.Actors.Tests.Network;

/// <summary>The repository's <c>hocon/roko.conf</c>, found by walking up from the test binaries.</summary>
internal static class RokoConfig
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static Config Defaults { get; } =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Root.Value, "hocon", "roko.conf")));

    public static Config With(string overrides) =>
        ConfigurationFactory.ParseString(overrides).WithFallback(Defaults);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "hocon", "roko.conf")))
                return dir.FullName;
        throw new InvalidOperationException("hocon/roko.conf not found above " + AppContext.BaseDirectory);
    }
}
