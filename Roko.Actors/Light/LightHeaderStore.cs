using Microsoft.Data.Sqlite;
using Roko.Actors.LightClient;

namespace Roko.Actors.Light;

/// <summary>
/// The light node's verified headers in SQLite (<c>light-headers.db</c> in its data dir): one row per verified height
/// with the header, its commit certificate and validator set in canonical encoding. Only verified blocks are saved,
/// and saved before the node trusts them, so a restart resumes from <see cref="Latest"/>.
/// </summary>
public sealed class LightHeaderStore : IDisposable
{
    public const string FileName = "light-headers.db";
    private readonly SqliteConnection _db;

    private LightHeaderStore(SqliteConnection db) => _db = db;

    public string Path { get; private init; } = "";

    public static LightHeaderStore Open(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        string path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDir, FileName));
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS light_headers (
                  height INTEGER PRIMARY KEY,
                  hash BLOB NOT NULL,
                  header BLOB NOT NULL,
                  certificate BLOB NOT NULL,
                  validators BLOB NOT NULL)
                """;
            create.ExecuteNonQuery();
        }
        return new LightHeaderStore(db) { Path = path };
    }

    /// <summary>Saves verified blocks in one transaction (a height saved again is replaced).</summary>
    public void Save(IEnumerable<LightBlock> blocks)
    {
        using var transaction = _db.BeginTransaction();
        using var insert = _db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO light_headers (height, hash, header, certificate, validators) VALUES ($h, $hash, $header, $cert, $vals)";
        var height = insert.Parameters.Add("$h", SqliteType.Integer);
        var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
        var header = insert.Parameters.Add("$header", SqliteType.Blob);
        var cert = insert.Parameters.Add("$cert", SqliteType.Blob);
        var vals = insert.Parameters.Add("$vals", SqliteType.Blob);
        foreach (var block in blocks)
        {
            height.Value = checked((long)block.Height);
            hash.Value = block.Header.Hash.ToArray();
            header.Value = block.Header.Encode();
            cert.Value = LightBlockEncoding.EncodeCertificate(block.Commit);
            vals.Value = LightBlockEncoding.EncodeValidators(block.Validators);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The highest verified block, or null when none is stored yet.</summary>
    public LightBlock? Latest() => Single("SELECT header, certificate, validators FROM light_headers ORDER BY height DESC LIMIT 1", null);

    public LightBlock? Get(ulong height) => Single("SELECT header, certificate, validators FROM light_headers WHERE height = $h", checked((long)height));

    public long Count
    {
        get
        {
            using var count = _db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM light_headers";
            return (long)count.ExecuteScalar()!;
        }
    }

    private LightBlock? Single(string sql, long? height)
    {
        using var query = _db.CreateCommand();
        query.CommandText = sql;
        if (height is { } h) query.Parameters.AddWithValue("$h", h);
        using var reader = query.ExecuteReader();
        if (!reader.Read()) return null;
        return LightBlockEncoding.Decode((byte[])reader[0], (byte[])reader[1], (byte[])reader[2]);
    }

    public void Dispose() => _db.Dispose();
}
