using Microsoft.Data.Sqlite;
using Roko.Actors.LightClient;

namespace Roko.Actors.Light;

/// <summary>
/// The light node's verified headers in SQLite (<c>light-headers.db</c> in its data dir): one row per verified height
/// with the header, its commit certificate and validator set in canonical encoding. Only verified blocks are saved,
/// and saved before the node trusts them, so a restart resumes from <see cref="Latest"/>. Forks a witness showed are kept
/// in <c>light_conflicts</c> (both light blocks), never trusted.
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
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS light_conflicts (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  height INTEGER NOT NULL,
                  primary_contact TEXT NOT NULL,
                  detail TEXT NOT NULL,
                  detected_at TEXT NOT NULL,
                  primary_header BLOB NOT NULL, primary_certificate BLOB NOT NULL, primary_validators BLOB NOT NULL,
                  witness_header BLOB NOT NULL, witness_certificate BLOB NOT NULL, witness_validators BLOB NOT NULL)
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

    /// <summary>
    /// Keeps a fork a witness showed: the primary's and the witness's light blocks at one height (both verified), who
    /// served the first, and why they conflict. Kept for the operator; never trusted.
    /// </summary>
    public void SaveConflict(LightBlock fromPrimary, LightBlock fromWitness, string primaryContact, string detail)
    {
        using var insert = _db.CreateCommand();
        insert.CommandText = """
            INSERT INTO light_conflicts (height, primary_contact, detail, detected_at, primary_header, primary_certificate, primary_validators,
              witness_header, witness_certificate, witness_validators) VALUES ($h, $contact, $detail, $at, $ph, $pc, $pv, $wh, $wc, $wv)
            """;
        insert.Parameters.AddWithValue("$h", checked((long)fromPrimary.Height));
        insert.Parameters.AddWithValue("$contact", primaryContact);
        insert.Parameters.AddWithValue("$detail", detail);
        insert.Parameters.AddWithValue("$at", DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$ph", fromPrimary.Header.Encode());
        insert.Parameters.AddWithValue("$pc", LightBlockEncoding.EncodeCertificate(fromPrimary.Commit));
        insert.Parameters.AddWithValue("$pv", LightBlockEncoding.EncodeValidators(fromPrimary.Validators));
        insert.Parameters.AddWithValue("$wh", fromWitness.Header.Encode());
        insert.Parameters.AddWithValue("$wc", LightBlockEncoding.EncodeCertificate(fromWitness.Commit));
        insert.Parameters.AddWithValue("$wv", LightBlockEncoding.EncodeValidators(fromWitness.Validators));
        insert.ExecuteNonQuery();
    }

    /// <summary>How many forks the store keeps.</summary>
    public long ConflictCount => Scalar("SELECT COUNT(*) FROM light_conflicts");

    /// <summary>The highest verified block, or null when none is stored yet.</summary>
    public LightBlock? Latest() => Single("SELECT header, certificate, validators FROM light_headers ORDER BY height DESC LIMIT 1", null);

    public LightBlock? Get(ulong height) => Single("SELECT header, certificate, validators FROM light_headers WHERE height = $h", checked((long)height));

    public long Count => Scalar("SELECT COUNT(*) FROM light_headers");

    private long Scalar(string sql)
    {
        using var count = _db.CreateCommand();
        count.CommandText = sql;
        return (long)count.ExecuteScalar()!;
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
