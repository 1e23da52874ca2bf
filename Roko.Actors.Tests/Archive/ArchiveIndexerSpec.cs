using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Archive;
using Roko.Actors.Archive.ReadModel;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Builders;
using Xunit;
using static Roko.Actors.Archive.ArchiveIndexerProtocol;
using static Roko.Actors.Persistence.ChainStoreProtocol;

namespace Roko.Actors.Tests.Archive;

/// <summary>
/// The indexer over a real journal (Akka.Persistence.Sql, written by a ChainStore) and the read model, both in the same
/// provider's database: it indexes what is journaled, and a new indexer resumes after the stored offset.
/// </summary>
public sealed class ArchiveIndexerSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly ArchiveTestChain Chain = new(8);
    private static readonly ChainStoreSettings StoreSettings = new(SnapshotEvery: 100, SnapshotsKept: 2, RecentBlocks: 8);

    public static TheoryData<string> Providers => ArchiveTestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Indexer_should_resume_after_its_stored_offset_with_no_gaps_or_duplicates(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var config = RokoConfig.Parse(db.JournalHocon + "\nakka.persistence.query.journal.sql.refresh-interval = 100ms\nakka.loglevel = WARNING")
            .WithFallback(RokoConfig.Defaults);
        var kit = new TestKit(ActorSystem.Create("indexer-spec", config));
        try
        {
            var readModel = db.OpenReadModel();
            var writer = new ArchiveWriter(readModel, ChainJournal.PersistenceIdOf(Chain.Genesis.ChainId));
            var queries = new ArchiveQueries(readModel, writer.Projection);
            var settings = ArchiveSettings.Create(RokoConfig.Defaults);
            var store = kit.Sys.ActorOf(ChainStore.Props(Chain.Genesis, StoreSettings), "chain");
            var indexed = kit.CreateTestProbe();
            kit.Sys.EventStream.Subscribe(indexed.Ref, typeof(BlockIndexed));

            Commit(kit, store, 1, 4);
            var first = kit.Sys.ActorOf(ArchiveIndexer.Props(writer, Chain.Genesis, settings), "indexer-1");
            Assert.Equal([1UL, 2, 3, 4], Enumerable.Range(0, 4).Select(_ => indexed.ExpectMsg<BlockIndexed>(Generous).Height));
            first.Tell(GetIndexerStatus.Instance, kit.TestActor);
            Assert.Equal(4UL, kit.ExpectMsg<IndexerStatus>(Generous).Height);
            kit.Watch(first);
            kit.Sys.Stop(first);
            kit.ExpectTerminated(first, Generous);

            Commit(kit, store, 5, 8); // journaled while no indexer runs
            kit.Sys.ActorOf(ArchiveIndexer.Props(writer, Chain.Genesis, settings), "indexer-2");
            Assert.Equal([5UL, 6, 7, 8], Enumerable.Range(0, 4).Select(_ => indexed.ExpectMsg<BlockIndexed>(Generous).Height));
            indexed.ExpectNoMsg(TimeSpan.FromSeconds(1));

            Assert.Equal(8UL, await queries.IndexedHeightAsync());
            Assert.Equal(Chain.Blocks.Select(b => b.Hash), (await queries.BlocksAsync(1, 100)).Select(b => b.Hash));
            var history = await queries.AccountHistoryAsync(Keys.Alice.PublicKey.ToAddress(), null, 100);
            Assert.Equal([8UL, 7, 6, 5, 4, 3, 2, 1, 0], history.Entries.Select(e => e.Change.Height));
            Assert.Equal(Chain.States[8], (await writer.ProgressAsync())!.State);
        }
        finally
        {
            await kit.Sys.Terminate();
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Indexer_should_refuse_a_read_model_of_another_chain(string provider)
    {
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        var other = Build.Chain().Named("roko-other").WithValidators(1).Build();
        var readModel = db.OpenReadModel();
        var writer = new ArchiveWriter(readModel, ChainJournal.PersistenceIdOf(Chain.Genesis.ChainId));
        await writer.CreateSchemaAsync();
        await writer.WriteAsync(ArchiveProjection.Genesis(other.State), 0);
        var kit = new TestKit(ActorSystem.Create("indexer-spec", RokoConfig.Parse(db.JournalHocon + "\nakka.loglevel = OFF").WithFallback(RokoConfig.Defaults)));
        try
        {
            var indexer = kit.Sys.ActorOf(Props.Create(() => new OneShotParent(ArchiveIndexer.Props(writer, Chain.Genesis, ArchiveSettings.Create(RokoConfig.Defaults)))));
            kit.Watch(indexer);
            kit.ExpectTerminated(indexer, Generous); // the indexer threw on the chain id and its parent gave up
        }
        finally
        {
            await kit.Sys.Terminate();
        }
    }

    private static void Commit(TestKit kit, IActorRef store, ulong from, ulong to)
    {
        for (ulong h = from; h <= to; h++)
        {
            store.Tell(new CommitBlock(Chain[h]), kit.TestActor);
            Assert.Equal(h, kit.ExpectMsg<BlockCommitted>(Generous).Block.Height);
        }
    }

    /// <summary>Stops its child when it fails once (instead of restarting it), then stops itself.</summary>
    private sealed class OneShotParent : ReceiveActor
    {
        public OneShotParent(Props child)
        {
            Context.Watch(Context.ActorOf(child, "child"));
            Receive<Terminated>(_ => Context.Stop(Self));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
    }
}
