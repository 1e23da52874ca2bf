using System.Reflection;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Roko.Actors.Nodes;

/// <summary>
/// Composes a node's HOCON. Highest first: command-line overrides, the operator's config file, the role, region and cluster
/// module files (<see cref="Network.Overlay.ClusterConfig.ForNode"/>, only for a running node), then the embedded
/// <c>hocon/roko.conf</c> and <c>hocon/persistence-sqlite.conf</c> defaults.
/// </summary>
public static class RokoConfig
{
    public static Config Embedded(string name) => ConfigurationFactory.ParseString(EmbeddedText(name));

    /// <summary>The text of the embedded <c>hocon/<paramref name="name"/></c>, comments included.</summary>
    public static string EmbeddedText(string name)
    {
        var assembly = typeof(RokoConfig).Assembly;
        using var stream = assembly.GetManifestResourceStream("hocon/" + name)
            ?? throw new InvalidOperationException($"embedded HOCON 'hocon/{name}' is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Config Defaults { get; } = Embedded("roko.conf").WithFallback(Embedded("persistence-sqlite.conf"));

    /// <summary>Loads <paramref name="configFile"/> (if any) over the defaults, with <paramref name="overrides"/> on top.</summary>
    public static Config Load(string? configFile, string? overrides = null) => LoadOwn(configFile, overrides).WithFallback(Defaults);

    /// <summary>
    /// What a node sets itself: <paramref name="configFile"/> (if any) with <paramref name="overrides"/> on top, without the
    /// defaults — what <see cref="RokoNode.Start"/> takes, so that the role file (e.g. a validator's time card) outranks
    /// roko.conf and the operator outranks both.
    /// </summary>
    public static Config LoadOwn(string? configFile, string? overrides = null)
    {
        var config = Config.Empty;
        if (configFile is not null)
        {
            if (!File.Exists(configFile)) throw new ConfigurationException($"config file {configFile} does not exist");
            try
            {
                config = Parse(File.ReadAllText(configFile), Path.GetDirectoryName(Path.GetFullPath(configFile))).WithFallback(config);
            }
            catch (Exception e) when (e is not ConfigurationException)
            {
                throw new ConfigurationException($"config file {configFile} is not valid HOCON: {e.Message}");
            }
        }
        if (!string.IsNullOrWhiteSpace(overrides)) config = Parse(overrides).WithFallback(config);
        return config;
    }

    /// <summary>
    /// Parses HOCON in which <c>include "name.conf"</c> names a file beside the config (<paramref name="directory"/>) or
    /// else one of the embedded hocon/ files, e.g. <c>include "persistence-postgres.conf"</c>.
    /// </summary>
    public static Config Parse(string hocon, string? directory = null)
    {
        HoconRoot Include(string name)
        {
            string trimmed = name.Trim().Trim('"');
            string? beside = directory is null ? null : Path.Combine(directory, trimmed);
            if (beside is not null && File.Exists(beside)) return Parser.Parse(File.ReadAllText(beside), Include);
            string resource = trimmed.StartsWith("hocon/", StringComparison.Ordinal) ? trimmed[6..] : trimmed;
            using var stream = typeof(RokoConfig).Assembly.GetManifestResourceStream("hocon/" + resource)
                ?? throw new ConfigurationException($"include \"{trimmed}\": no such file{(directory is null ? "" : " in " + directory)} and no embedded hocon/{resource}");
            using var reader = new StreamReader(stream);
            return Parser.Parse(reader.ReadToEnd(), Include);
        }
        return ConfigurationFactory.ParseString(hocon, Include);
    }

    /// <summary>HOCON that points every persistence plugin at <paramref name="databasePath"/>.</summary>
    public static string SqliteAt(string databasePath)
    {
        string connection = Quote("Data Source=" + Path.GetFullPath(databasePath));
        return $"""
            akka.persistence.journal.sql.connection-string = {connection}
            akka.persistence.snapshot-store.sql.connection-string = {connection}
            akka.persistence.query.journal.sql.connection-string = {connection}
            """;
    }

    /// <summary>A HOCON quoted string.</summary>
    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Version =>
        typeof(RokoConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
