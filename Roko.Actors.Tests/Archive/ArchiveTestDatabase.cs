using Roko.Actors.Archive.ReadModel;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Archive;

/// <summary>
/// A database for the archive suite, by provider name: "sqlite" (files in a temp directory) or "postgresql" (a fresh
/// database on the test server). Gives the read model and the HOCON that puts the node's journal there too.
/// </summary>
public sealed class ArchiveTestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    private readonly TempDirectory _dir = new();
    private readonly PostgresTestDatabase? _postgres;
    private readonly List<ReadModelDatabase> _opened = [];

    private ArchiveTestDatabase(string provider, PostgresTestDatabase? postgres)
    {
        Provider = provider;
        _postgres = postgres;
    }

    /// <summary>Theory data: SQLite always; PostgreSQL when a test server is configured or in CI (where its absence fails).</summary>
    public static TheoryData<string> Providers
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (TestPostgres.CasesRun) data.Add(PostgreSql);
            return data;
        }
    }

    public string Provider { get; }
    public string Directory => _dir.Path;

    public static async Task<ArchiveTestDatabase> CreateAsync(string provider) =>
        provider == PostgreSql ? new ArchiveTestDatabase(provider, await PostgresTestDatabase.CreateAsync()) : new ArchiveTestDatabase(provider, null);

    /// <summary>A new handle on the read model (each one is disposed with this database).</summary>
    public ReadModelDatabase OpenReadModel()
    {
        var db = _postgres is null ? ReadModelDatabase.Sqlite(System.IO.Path.Combine(_dir.Path, "archive.db")) : ReadModelDatabase.PostgreSql(_postgres.ConnectionString);
        _opened.Add(db);
        return db;
    }

    /// <summary>HOCON (over RokoConfig.Defaults) that puts a node's persistence into this database.</summary>
    public string NodeHocon => _postgres is null
        ? "roko.persistence.provider = sqlite"
        : $"""
          include "persistence-postgres.conf"
          roko.persistence.postgres.connection-string = {RokoConfig.Quote(_postgres.ConnectionString)}
          """;

    /// <summary>Akka persistence plugin HOCON for a bare ActorSystem (no RokoNode) with its journal in this database.</summary>
    public string JournalHocon
    {
        get
        {
            var settings = Actors.Persistence.PersistenceSettings.Create(RokoConfig.Parse(NodeHocon).WithFallback(RokoConfig.Defaults));
            string plugins = settings.PluginOverrides(new NodeSettings("test", NodeRole.Archive, "na", _dir.Path, "key", "genesis"));
            return _postgres is null ? plugins : plugins + "\n" + NodeHocon;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _opened) await db.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
