using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Roko.Actors.Archive.ReadModel;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;

namespace Roko.Actors.Persistence;

/// <summary>
/// Signing records in the node's own database, table <see cref="Table"/>, one row per (chain, validator key) holding
/// the record's canonical encoding and, for operators and the store's own guard, its position (docs/consensus.md
/// §Signing record). SQLite: the journal's chain.db in WAL mode, written with synchronous = FULL, so a commit returns
/// only once its WAL frame is fsync'd. PostgreSQL: the node's database; a commit is durable under the server's default
/// synchronous_commit = on. A write never moves a row to a lower position: such a write fails instead.
/// </summary>
public sealed class SqlSigningRecordStore : ISigningRecordStore, IDisposable
{
    public const string Table = "signing_record";

    private readonly Func<DbConnection> _connect;
    private readonly IDisposable? _dataSource;
    private readonly object _gate = new();
    private DbConnection? _connection;
    private DbCommand? _upsert;

    private SqlSigningRecordStore(string name, string binaryType, Func<DbConnection> connect, IDisposable? dataSource)
    {
        Name = name;
        _connect = connect;
        _dataSource = dataSource;
        lock (_gate)
            Run(db =>
            {
                using var create = db.Command($"""
                    CREATE TABLE IF NOT EXISTS {Table} (
                      chain_id TEXT NOT NULL,
                      validator TEXT NOT NULL,
                      height BIGINT NOT NULL,
                      round BIGINT NOT NULL,
                      step SMALLINT NOT NULL,
                      record {binaryType} NOT NULL,
                      PRIMARY KEY (chain_id, validator))
                    """);
                return create.ExecuteNonQuery();
            });
    }

    /// <summary>For messages: "SQLite /path/chain.db" or "PostgreSQL host/database".</summary>
    public string Name { get; }

    /// <summary>The store in the SQLite file at <paramref name="path"/> (created if missing), switched to WAL mode.</summary>
    public static SqlSigningRecordStore Sqlite(string path)
    {
        string connection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
        return new SqlSigningRecordStore("SQLite " + path, "BLOB", () =>
        {
            var db = new SqliteConnection(connection);
            try
            {
                db.Open();
                // WAL is a property of the file (the journal's writes share it); synchronous is one of this connection.
                using (var wal = db.Command("PRAGMA journal_mode = WAL"))
                    if (wal.ExecuteScalar() is not "wal")
                        throw new IOException($"SQLite {path} cannot use write-ahead logging, which the signing record needs");
                using (var full = db.Command("PRAGMA synchronous = FULL")) full.ExecuteNonQuery();
                return db;
            }
            catch
            {
                db.Dispose();
                throw;
            }
        }, null);
    }

    /// <summary>The store in the PostgreSQL database named by <paramref name="connectionString"/>.</summary>
    public static SqlSigningRecordStore PostgreSql(string connectionString)
    {
        var source = NpgsqlDataSource.Create(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            return new SqlSigningRecordStore($"PostgreSQL {builder.Host}/{builder.Database}", "BYTEA", () => source.OpenConnection(), source);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>The node's store: its chain.db, or the PostgreSQL database of roko.persistence.</summary>
    public static SqlSigningRecordStore ForNode(PersistenceSettings persistence, NodeSettings node) =>
        persistence.Provider == PersistenceProvider.PostgreSql ? PostgreSql(persistence.PostgresConnectionString) : Sqlite(node.DatabasePath);

    public SigningRecord? Load(string chainId, PublicKey validator)
    {
        byte[]? bytes;
        lock (_gate)
            bytes = Run(db =>
            {
                using var select = db.Command($"SELECT record FROM {Table} WHERE chain_id = @chain AND validator = @validator")
                    .With("@chain", chainId).With("@validator", validator.ToString());
                return select.ExecuteScalar() as byte[];
            });
        if (bytes is null) return null;
        SigningRecord record;
        try
        {
            record = SigningRecord.Decode(bytes);
        }
        catch (CanonicalDecodingException e)
        {
            throw new InvalidDataException($"the signing record of {validator} on '{chainId}' in {Name} ({Table}) is unreadable: {e.Message}", e);
        }
        if (record.ChainId != chainId || record.Validator != validator)
            throw new InvalidDataException($"the {Table} row of {validator} on '{chainId}' in {Name} holds the record of " +
                                           $"{record.Validator} on '{record.ChainId}'");
        return record;
    }

    public void Save(SigningRecord record)
    {
        int written;
        byte[] encoded = record.Encode();
        lock (_gate)
            written = Run(db =>
            {
                // One command per connection: SQLite keeps its prepared statement from one write to the next.
                var upsert = _upsert ??= db.Command($"""
                    INSERT INTO {Table} (chain_id, validator, height, round, step, record)
                    VALUES (@chain, @validator, @height, @round, @step, @record)
                    ON CONFLICT (chain_id, validator) DO UPDATE
                      SET height = excluded.height, round = excluded.round, step = excluded.step, record = excluded.record
                      WHERE (excluded.height, excluded.round, excluded.step) >= ({Table}.height, {Table}.round, {Table}.step)
                    """);
                upsert.Parameters.Clear();
                upsert.With("@chain", record.ChainId).With("@validator", record.Validator.ToString())
                    .With("@height", checked((long)record.Height)).With("@round", (long)record.Round).With("@step", (short)record.Step)
                    .With("@record", encoded);
                return upsert.ExecuteNonQuery();
            });
        if (written != 1)
            throw new InvalidOperationException($"the signing record of {record.Validator} on '{record.ChainId}' in {Name} is past " +
                                                $"{record.Position}; not written (a record never goes back)");
    }

    /// <summary>Runs <paramref name="work"/> on the open connection; a failure drops it, so the next call connects afresh.</summary>
    private T Run<T>(Func<DbConnection, T> work)
    {
        try
        {
            return work(_connection ??= _connect());
        }
        catch
        {
            Disconnect();
            throw;
        }
    }

    private void Disconnect()
    {
        _upsert?.Dispose();
        _upsert = null;
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        lock (_gate) Disconnect();
        _dataSource?.Dispose();
    }
}
