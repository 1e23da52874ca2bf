using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Persistence.ChainStoreProtocol;

namespace Roko.Actors.Tests.Persistence;

public sealed class ChainStoreSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TempDirectory Dir = new();
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly string _database;
    private readonly TestChain _chain = Build.Chain().WithValidators(1).Build();
    private static readonly ChainStoreSettings Settings = new(SnapshotEvery: 2, SnapshotsKept: 2, RecentBlocks: 8);

    public ChainStoreSpec() : this(Dir.Combine($"chain-{Guid.NewGuid():N}.db")) { }

    private ChainStoreSpec(string database) : base(ConfigurationFactory.ParseString(RokoConfig.SqliteAt(database)).WithFallback(RokoConfig.Defaults))
    {
        _database = database;
    }

    private IActorRef StartStore() => Sys.ActorOf(ChainStore.Props(_chain.Genesis, Settings));

    private void StopStore(IActorRef store)
    {
        Watch(store);
        Sys.Stop(store);
        ExpectTerminated(store, Generous);
    }

    private List<Block> CommitBlocks(IActorRef store, int count)
    {
        var blocks = new List<Block>();
        var state = _chain.State;
        for (int i = 0; i < count; i++)
        {
            var block = _chain.NextBlock(state).Seal();
            store.Tell(new CommitBlock(block));
            var committed = ExpectMsg<BlockCommitted>(Generous);
            Assert.Equal(block.Hash, committed.Block.Hash);
            state = committed.State;
            blocks.Add(block);
        }
        return blocks;
    }

    private LedgerState Tip(IActorRef store)
    {
        store.Tell(GetChainTip.Instance);
        return ExpectMsg<CurrentChainTip>(Generous).State;
    }

    private long JournalRows()
    {
        using var db = new SqliteConnection($"Data Source={_database}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void ChainStore_should_acknowledge_a_block_only_once_it_is_in_the_journal()
    {
        var store = StartStore();
        CommitBlocks(store, 1);
        Assert.Equal(1, JournalRows());
    }

    [Fact]
    public void ChainStore_should_recover_every_committed_block_after_a_restart()
    {
        var store = StartStore();
        var blocks = CommitBlocks(store, 5);
        StopStore(store);

        var recovered = Tip(StartStore());
        Assert.Equal(5UL, recovered.Height);
        Assert.Equal(blocks[^1].Hash, recovered.LastBlockHash);
        Assert.Equal(blocks[^1].Header.StateRoot, recovered.ComputeStateRoot());
    }

    [Fact]
    public void ChainStore_should_save_snapshots_and_recover_from_snapshot_plus_replay()
    {
        var store = StartStore();
        var blocks = CommitBlocks(store, 5);
        AwaitAssert(() =>
        {
            using var db = new SqliteConnection($"Data Source={_database}");
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "SELECT MAX(sequence_number) FROM snapshot";
            Assert.Equal(4L, (long)command.ExecuteScalar()!);
        }, Generous);
        StopStore(store);

        var recovered = Tip(StartStore());
        Assert.Equal(blocks[^1].Hash, recovered.LastBlockHash);
    }

    [Fact]
    public void ChainStore_should_refuse_an_invalid_block_and_store_nothing()
    {
        var store = StartStore();
        var wrongHeight = _chain.NextBlock().RawWith(h => Headers.With(h, height: 7));
        store.Tell(new CommitBlock(wrongHeight));
        var refused = ExpectMsg<BlockRefused>(Generous);
        Assert.Equal(LedgerErrorCode.WrongHeight, refused.Reason.Code);
        Assert.Equal(0UL, Tip(store).Height);
        Assert.Equal(0, JournalRows());
    }

    [Fact]
    public void ChainStore_should_publish_committed_blocks_on_the_event_stream()
    {
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener, typeof(BlockCommitted));
        var store = StartStore();
        var blocks = CommitBlocks(store, 1);
        Assert.Equal(blocks[0].Hash, listener.ExpectMsg<BlockCommitted>(Generous).Block.Hash);
    }
}
