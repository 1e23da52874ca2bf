using System.Collections.Immutable;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Persistence;

/// <summary>
/// The one way to the chain's journal. <see cref="ChainStore"/> journals nothing but committed blocks, one per height,
/// under <see cref="PersistenceIdOf"/>, so block h is sequence number h: every read here maps heights to sequence
/// numbers by that invariant. Readers inside a node go through Akka.Persistence.Query over Akka.Persistence.Sql
/// (<see cref="QueryJournalId"/>), the same for SQLite and PostgreSQL; tools and tests without an ActorSystem read a
/// SQLite journal file directly (read-only; table and column names are Akka.Persistence.Sql's defaults).
/// </summary>
public static class ChainJournal
{
    /// <summary>HOCON path of the read journal (configured in persistence-sqlite.conf, or for PostgreSQL by PersistenceSettings).</summary>
    public const string QueryJournalId = "akka.persistence.query.journal.sql";

    /// <summary>The persistence id of the chain store of chain <paramref name="chainId"/>.</summary>
    public static string PersistenceIdOf(string chainId) => "chain/" + chainId;

    /// <summary>
    /// The committed blocks from height <paramref name="from"/>, at most <paramref name="count"/> of them, as the journal
    /// holds them now (fewer past the tip). An event that is not a block fails the read.
    /// </summary>
    public static Task<IImmutableList<Block>> ReadRangeAsync(ActorSystem system, string chainId, ulong from, long count) =>
        Current(system, chainId, from, count)
            .Select(e => (Block)e.Event)
            .RunWith(Sink.Seq<Block>(), system.Materializer());

    /// <summary>Block <paramref name="height"/>, or null when the journal does not hold it.</summary>
    public static async Task<Block?> FindAsync(ActorSystem system, string chainId, ulong height, CancellationToken cancel)
    {
        if (height == 0 || height > long.MaxValue) return null;
        var events = await Current(system, chainId, height, 1).RunWith(Sink.Seq<EventEnvelope>(), system.Materializer()).WaitAsync(cancel);
        return events.Select(e => e.Event).OfType<Block>().FirstOrDefault(b => b.Height == height);
    }

    /// <summary>The chain's journal events from <paramref name="fromSequenceNr"/> on, live: the stream follows new blocks as they are journaled.</summary>
    public static Source<EventEnvelope, NotUsed> Follow(ActorSystem system, string chainId, long fromSequenceNr) =>
        PersistenceQuery.Get(system).ReadJournalFor<IEventsByPersistenceIdQuery>(QueryJournalId)
            .EventsByPersistenceId(PersistenceIdOf(chainId), fromSequenceNr, long.MaxValue);

    private static Source<EventEnvelope, NotUsed> Current(ActorSystem system, string chainId, ulong from, long count) =>
        PersistenceQuery.Get(system).ReadJournalFor<ICurrentEventsByPersistenceIdQuery>(QueryJournalId)
            .CurrentEventsByPersistenceId(PersistenceIdOf(chainId), (long)from, (long)from + count - 1);

    /// <summary>
    /// Every entry of the chain's journal in a SQLite file, by sequence number, so a damaged entry is reported by its
    /// sequence number (with the block null and why) instead of failing the whole read.
    /// </summary>
    public static IEnumerable<(long SequenceNr, Block? Block, string? DecodeProblem)> ReadFile(string databasePath, string chainId) =>
        ReadFileEntries(databasePath, chainId, sequenceNr: null);

    /// <summary>Block <paramref name="height"/> from a SQLite journal file, or null when the file, the entry or a decodable block at that height is missing.</summary>
    public static Block? FindInFile(string databasePath, string chainId, ulong height)
    {
        if (!File.Exists(databasePath) || height > long.MaxValue) return null;
        return ReadFileEntries(databasePath, chainId, (long)height).Select(e => e.Block).FirstOrDefault(b => b?.Height == height);
    }

    private static IEnumerable<(long SequenceNr, Block? Block, string? DecodeProblem)> ReadFileEntries(string databasePath, string chainId, long? sequenceNr)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var db = new SqliteConnection(connection);
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT sequence_number, manifest, message FROM journal WHERE persistence_id = $id AND deleted = 0"
            + (sequenceNr is null ? "" : " AND sequence_number = $seq") + " ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", PersistenceIdOf(chainId));
        if (sequenceNr is { } seq) command.Parameters.AddWithValue("$seq", seq);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            long entry = reader.GetInt64(0);
            string manifest = reader.IsDBNull(1) ? "" : reader.GetString(1);
            var bytes = (byte[])reader.GetValue(2);
            if (manifest != ChainSerializer.BlockManifest)
            {
                yield return (entry, null, $"manifest '{manifest}' is not '{ChainSerializer.BlockManifest}'");
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
            yield return (entry, block, problem);
        }
    }
}
