using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;

namespace Roko.Actors.Persistence;

public enum PersistenceProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// The <c>roko.persistence</c> block, read once: which database the journal, snapshots and archive read model use.
/// <see cref="PluginOverrides"/> points every Akka.Persistence.Sql plugin at it.
/// </summary>
public sealed record PersistenceSettings(PersistenceProvider Provider, string PostgresConnectionString, TimeSpan RecoveryTimeout)
{
    public const string Path = "roko.persistence";

    public static PersistenceSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        string provider = s.Text("provider");
        var parsed = provider.ToLowerInvariant() switch
        {
            "sqlite" => PersistenceProvider.Sqlite,
            "postgresql" => PersistenceProvider.PostgreSql,
            _ => throw s.Invalid("provider", $"'{provider}' is not one of: sqlite, postgresql"),
        };
        string connection = s.Text("postgres.connection-string");
        if (parsed == PersistenceProvider.PostgreSql && string.IsNullOrWhiteSpace(connection))
            throw s.Invalid("postgres.connection-string", "must name the node's PostgreSQL database when provider is postgresql");
        var recoveryTimeout = s.Duration("recovery-timeout", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return new PersistenceSettings(parsed, connection, recoveryTimeout);
    }

    /// <summary>
    /// HOCON that points the journal, snapshot store and query journal at this node's database, and gives recovery
    /// (snapshot load and replay, each step) <see cref="RecoveryTimeout"/>.
    /// </summary>
    public string PluginOverrides(NodeSettings node)
    {
        string database = Provider == PersistenceProvider.Sqlite
            ? RokoConfig.SqliteAt(node.DatabasePath)
            : $"""
                akka.persistence.journal.sql.connection-string = {RokoConfig.Quote(PostgresConnectionString)}
                akka.persistence.snapshot-store.sql.connection-string = {RokoConfig.Quote(PostgresConnectionString)}
                akka.persistence.query.journal.sql.connection-string = {RokoConfig.Quote(PostgresConnectionString)}
                """;
        return database + $"\nakka.persistence.journal.sql.recovery-event-timeout = {(long)RecoveryTimeout.TotalMilliseconds}ms\n";
    }
}
