using Microsoft.Data.Sqlite;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Consensus;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Persistence;

/// <summary>
/// The signing-record store on a real SQLite file (the node's chain.db) and on PostgreSQL (ROKO_TEST_POSTGRES): what it
/// saves comes back after reopening, a record never goes back, one row per validator and chain.
/// </summary>
public sealed class SigningRecordStoreSpec : IDisposable
{
    private const string ChainId = ConsensusFixture.ChainId;
    private readonly TempDirectory _dir = new();
    private readonly ConsensusFixture _fixture = new();

    public void Dispose() => _dir.Dispose();

    private string ChainDb => _dir.Combine("chain.db");

    private SigningRecord PrecommittedAt(SigningKey key, ulong height, uint round)
    {
        var block = _fixture.Block(height);
        return SigningRecord.Empty(ChainId, key.PublicKey).At(height, round, ConsensusStep.Precommit, (int)round, block, (int)round, block)
            .WithVote(Vote.Create(VoteType.Precommit, ChainId, height, round, block.Hash, ConsensusFixture.Now, key));
    }

    private static void SavedAndReloaded(Func<SqlSigningRecordStore> open, SigningRecord first, SigningRecord later)
    {
        using (var store = open())
        {
            Assert.Null(store.Load(ChainId, first.Validator));
            store.Save(first);
            store.Save(later);
        }
        using var reopened = open();
        var loaded = reopened.Load(ChainId, later.Validator);
        Assert.NotNull(loaded);
        Assert.Equal(later.Encode(), loaded.Encode());
    }

    private static void RefusedToGoBack(SqlSigningRecordStore store, SigningRecord ahead, SigningRecord behind)
    {
        store.Save(ahead);

        var error = Assert.Throws<InvalidOperationException>(() => store.Save(behind));

        Assert.Contains("never goes back", error.Message);
        Assert.Equal(ahead.Encode(), store.Load(ChainId, ahead.Validator)!.Encode());
    }

    [Fact]
    public void Sqlite_store_should_return_what_it_saved_after_reopening_the_file()
    {
        var key = _fixture.Keys[0];

        SavedAndReloaded(() => SqlSigningRecordStore.Sqlite(ChainDb), PrecommittedAt(key, 3, 0), PrecommittedAt(key, 3, 2));
    }

    [Fact]
    public void Sqlite_store_should_refuse_to_move_a_record_back()
    {
        var key = _fixture.Keys[0];
        using var store = SqlSigningRecordStore.Sqlite(ChainDb);

        RefusedToGoBack(store, PrecommittedAt(key, 5, 1), PrecommittedAt(key, 5, 0));
    }

    [Fact]
    public void Sqlite_store_should_switch_chain_db_to_write_ahead_logging_and_keep_one_row_per_validator_and_chain()
    {
        using var store = SqlSigningRecordStore.Sqlite(ChainDb);
        foreach (var key in _fixture.Keys)
        {
            store.Save(PrecommittedAt(key, 2, 0));
            store.Save(PrecommittedAt(key, 3, 1));
        }

        using var db = new SqliteConnection($"Data Source={ChainDb}");
        db.Open();
        using var mode = db.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
        using var rows = db.CreateCommand();
        rows.CommandText = $"SELECT COUNT(*), MIN(height), MAX(round) FROM {SqlSigningRecordStore.Table}";
        using var reader = rows.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((_fixture.Keys.Length, 3L, 1L), (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public void Sqlite_store_should_name_the_table_when_a_stored_record_is_unreadable()
    {
        var key = _fixture.Keys[0];
        using var store = SqlSigningRecordStore.Sqlite(ChainDb);
        store.Save(PrecommittedAt(key, 2, 0));
        using (var db = new SqliteConnection($"Data Source={ChainDb}"))
        {
            db.Open();
            using var damage = db.CreateCommand();
            damage.CommandText = $"UPDATE {SqlSigningRecordStore.Table} SET record = x'0b01ff'";
            damage.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(() => store.Load(ChainId, key.PublicKey));

        Assert.Contains(SqlSigningRecordStore.Table, error.Message);
        Assert.Contains("unreadable", error.Message);
    }

    [PostgresFact]
    public async Task Postgres_store_should_return_what_it_saved_and_refuse_to_move_a_record_back()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var key = _fixture.Keys[1];

        SavedAndReloaded(() => SqlSigningRecordStore.PostgreSql(database.ConnectionString), PrecommittedAt(key, 3, 0), PrecommittedAt(key, 4, 0));
        using var store = SqlSigningRecordStore.PostgreSql(database.ConnectionString);
        RefusedToGoBack(store, PrecommittedAt(key, 4, 2), PrecommittedAt(key, 4, 1));
    }
}
