using Roko.Actors.Archive;
using Roko.Actors.Archive.ReadModel;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Archive;

/// <summary>The read model's writes and queries, on SQLite and (with a test server) PostgreSQL.</summary>
public sealed class ArchiveReadModelSpec
{
    private const string Projection = "chain/roko-test";
    private static readonly ArchiveTestChain Chain = new(8);
    private static Address Alice => Keys.Alice.PublicKey.ToAddress();
    private static Address Bob => Keys.Bob.PublicKey.ToAddress();

    public static TheoryData<string> Providers => ArchiveTestDatabase.Providers;

    /// <summary>Genesis and blocks 1..<paramref name="height"/> written as the indexer writes them (block h is journal sequence h).</summary>
    private static async Task<(ArchiveWriter Writer, ArchiveQueries Queries)> IndexedAsync(ArchiveTestDatabase db, ulong height)
    {
        var readModel = db.OpenReadModel();
        var writer = new ArchiveWriter(readModel, Projection);
        await writer.CreateSchemaAsync();
        var rows = ArchiveProjection.Genesis(Chain.States[0]);
        Assert.True(await writer.WriteAsync(rows, 0));
        for (ulong h = 1; h <= height; h++)
        {
            var (next, error) = ArchiveProjection.Project(rows.After, Chain[h]);
            Assert.Null(error);
            Assert.True(await writer.WriteAsync(next!, (long)h));
            rows = next!;
        }
        return (writer, new ArchiveQueries(readModel, Projection));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task WriteAsync_should_skip_a_block_at_or_below_the_stored_offset(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (writer, queries) = await IndexedAsync(db, 3);
        var (again, _) = ArchiveProjection.Project(Chain.States[2], Chain[3]);
        Assert.False(await writer.WriteAsync(again!, 3));
        Assert.False(await writer.WriteAsync(again!, 2));
        Assert.Equal(3UL, await queries.IndexedHeightAsync());
        Assert.Equal(3, (await queries.BlocksAsync(1, 10)).Count);
        var history = await queries.AccountHistoryAsync(Alice, null, 100);
        Assert.Equal([3UL, 2UL, 1UL, 0UL], history.Entries.Select(e => e.Change.Height));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ProgressAsync_should_give_the_offset_and_ledger_state_to_resume_from(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (writer, _) = await IndexedAsync(db, 5);
        var progress = await new ArchiveWriter(db.OpenReadModel(), Projection).ProgressAsync();
        Assert.Equal(5, progress!.SequenceNr);
        Assert.Equal(Chain.States[5], progress.State);
        Assert.Null(await new ArchiveWriter(db.OpenReadModel(), "chain/other").ProgressAsync());
        Assert.NotNull(writer);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AccountStateAsync_should_equal_the_state_replayed_from_genesis_at_every_height(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (_, queries) = await IndexedAsync(db, 8);
        var carol = Keys.Carol.PublicKey.ToAddress();
        foreach (ulong h in Enumerable.Range(0, 9).Select(i => (ulong)i))
            foreach (var address in new[] { Alice, Bob, carol, Keys.Mallory.PublicKey.ToAddress() })
            {
                var state = await queries.AccountStateAsync(address, h);
                Assert.Equal(Chain.States[(int)h].BalanceOf(address), state.Balance);
                Assert.Equal(ArchiveProjection.StakeOf(Chain.States[(int)h], address), state.Stake);
            }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AccountHistoryAsync_should_page_newest_first_with_a_cursor_until_the_last_page(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (_, queries) = await IndexedAsync(db, 8);
        var heights = new List<ulong>();
        HistoryCursor? cursor = null;
        int pages = 0;
        do
        {
            var page = await queries.AccountHistoryAsync(Bob, cursor, 3);
            Assert.True(page.Entries.Count <= 3);
            heights.AddRange(page.Entries.Select(e => e.Change.Height));
            Assert.All(page.Entries.Where(e => e.Change.Height > 0), e => Assert.NotEmpty(e.TransactionIds));
            cursor = page.Next;
            pages++;
        } while (cursor is not null);
        Assert.Equal([8UL, 7, 6, 5, 4, 3, 2, 1, 0], heights);
        Assert.Equal(3, pages);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TransactionAsync_should_locate_a_transaction_whose_merkle_proof_verifies_against_its_block(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (_, queries) = await IndexedAsync(db, 6);
        var wanted = Chain[6].Transactions[1];
        var tx = await queries.TransactionAsync(wanted.Id);
        Assert.Equal((6UL, 1), (tx!.Height, tx.Position));
        var block = await queries.BlockAtAsync(6);
        var ids = Roko.Actors.Ledger.Block.Decode(block!.Encoded).Transactions.Select(t => t.Id).ToArray();
        Assert.True(MerkleTree.Verify(block.TransactionRoot, wanted.Id, MerkleTree.Prove(ids, tx.Position)));
        Assert.Null(await queries.TransactionAsync(Sha256.Hash("nothing"u8)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ValidatorSetAsync_should_give_the_set_that_signs_each_height(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (_, queries) = await IndexedAsync(db, 6);
        foreach (ulong h in new ulong[] { 1, 4, 5, 6 })
        {
            var set = await queries.ValidatorSetAsync(h);
            Assert.Equal(Chain.States[(int)h - 1].Validators.Hash, set!.Hash);
        }
        // Carol's stake in block 4 changes the set two heights later (docs/consensus.md): from height 6 on.
        Assert.Equal(6UL, (await queries.ValidatorSetAsync(6))!.FromHeight);
        Assert.Equal(3, (await queries.ValidatorSetAsync(6))!.Members.Length);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BlockByHashAsync_should_give_the_block_with_its_commit_signatures(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var (_, queries) = await IndexedAsync(db, 4);
        var row = await queries.BlockByHashAsync(Chain[2].Hash);
        Assert.Equal(Chain[2].Encode(), row!.Encoded);
        var signatures = await queries.SignaturesAsync(2);
        Assert.Equal(Chain[2].Commit.Signatures.Select(s => (s.Validator, s.Clock)), signatures.Select(s => (s.Validator, s.Clock)));
        Assert.Equal(4, (await queries.TimingsAsync(1, 4)).Count);
    }

    [PostgresFact]
    public async Task PostgreSql_should_be_reachable_for_the_archive_suite()
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(ArchiveTestDatabase.PostgreSql);
        var writer = new ArchiveWriter(db.OpenReadModel(), Projection);
        await writer.CreateSchemaAsync();
        Assert.Null(await writer.ProgressAsync());
    }
}
