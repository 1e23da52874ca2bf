using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Roko.Actors.Archive.ReadModel;

/// <summary>
/// The read model's database: SQLite (a file of its own next to the journal's chain.db, so indexing never contends with
/// journal writes for SQLite's single writer lock) or PostgreSQL (the node's database, tables prefixed archive_).
/// The SQL is shared; only the binary column type differs.
/// </summary>
public sealed class ReadModelDatabase : IAsyncDisposable
{
    private readonly Func<DbConnection> _create;
    private readonly IAsyncDisposable? _dataSource;

    private ReadModelDatabase(string name, string binaryType, Func<DbConnection> create, IAsyncDisposable? dataSource)
    {
        Name = name;
        BinaryType = binaryType;
        _create = create;
        _dataSource = dataSource;
    }

    /// <summary>For messages: "SQLite /path/archive.db" or "PostgreSQL host/database".</summary>
    public string Name { get; }
    public string BinaryType { get; }
    public bool IsSqlite => BinaryType == "BLOB";

    public static ReadModelDatabase Sqlite(string path)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        return new ReadModelDatabase("SQLite " + path, "BLOB", () => new SqliteConnection(connection), null);
    }

    public static ReadModelDatabase PostgreSql(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new ReadModelDatabase($"PostgreSQL {builder.Host}/{builder.Database}", "BYTEA", () => source.CreateConnection(), source);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancel = default)
    {
        var connection = _create();
        try
        {
            await connection.OpenAsync(cancel);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
