using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Sync;

namespace Roko.Actors.Api;

/// <summary>
/// Reads one committed block older than the chain store's in-memory window from a node's journal. The chain store
/// journals nothing but blocks, one per height, so block h is sequence number h.
/// </summary>
public static class JournalBlockLookup
{
    /// <summary>Through the node's query journal (Akka.Persistence.Query over Akka.Persistence.Sql: SQLite or PostgreSQL).</summary>
    public static async Task<Block?> FindAsync(ActorSystem system, string persistenceId, ulong height, CancellationToken cancel)
    {
        if (height == 0 || height > long.MaxValue) return null;
        var journal = PersistenceQuery.Get(system).ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(BlockSync.ReadJournalId);
        var events = await journal.CurrentEventsByPersistenceId(persistenceId, (long)height, (long)height)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer()).WaitAsync(cancel);
        return events.Select(e => e.Event).OfType<Block>().FirstOrDefault(b => b.Height == height);
    }

    /// <summary>Straight from a SQLite journal file (read-only), without an ActorSystem (tools and tests).</summary>
    public static Block? Find(string databasePath, string persistenceId, ulong height)
    {
        if (!File.Exists(databasePath) || height > long.MaxValue) return null;
        var connection = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = $id AND sequence_number = $seq AND deleted = 0";
        command.Parameters.AddWithValue("$id", persistenceId);
        command.Parameters.AddWithValue("$seq", (long)height);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(0) || reader.GetString(0) != ChainSerializer.BlockManifest) return null;
        try
        {
            var block = Block.Decode((byte[])reader.GetValue(1));
            return block.Height == height ? block : null;
        }
        catch (CanonicalDecodingException)
        {
            return null;
        }
    }
}
