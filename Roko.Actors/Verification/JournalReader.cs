using Microsoft.Data.Sqlite;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;

namespace Roko.Actors.Verification;

/// <summary>
/// Reads a node's journal straight from its SQLite file (read-only), so a damaged entry is reported by its sequence
/// number instead of failing a whole stream. Table and column names are Akka.Persistence.Sql's defaults.
/// </summary>
public static class JournalReader
{
    public static IEnumerable<(long SequenceNr, Block? Block, string? DecodeProblem)> ReadBlocks(string databasePath, string persistenceId)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString();
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT sequence_number, manifest, message FROM journal WHERE persistence_id = $id AND deleted = 0 ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            long sequenceNr = reader.GetInt64(0);
            string manifest = reader.IsDBNull(1) ? "" : reader.GetString(1);
            var bytes = (byte[])reader.GetValue(2);
            if (manifest != ChainSerializer.BlockManifest)
            {
                yield return (sequenceNr, null, $"manifest '{manifest}' is not '{ChainSerializer.BlockManifest}'");
                continue;
            }
            Block? block = null;
            string? problem = null;
            try
            {
                block = Block.Decode(bytes);
            }
            catch (CanonicalDecodingException e)
            {
                problem = e.Message;
            }
            yield return (sequenceNr, block, problem);
        }
    }
}
