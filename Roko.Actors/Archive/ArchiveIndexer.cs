using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Roko.Actors.Archive.ReadModel;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using static Roko.Actors.Archive.ArchiveIndexerProtocol;

namespace Roko.Actors.Archive;

/// <summary>
/// /user/node/indexer on archives: follows the chain's journal live (<see cref="ChainJournal.Follow"/>, Akka.Persistence
/// Query's EventsByPersistenceId), projects each committed block with the pure <see cref="ArchiveProjection"/>, and
/// writes the rows with its offset in one transaction (<see cref="ArchiveWriter"/>). On start it resumes after the stored
/// offset with the stored ledger state; a fresh read model starts with the genesis projection. One block at a time
/// (the stream waits for each write), so the read model never has gaps. A failing write or a journal that does not
/// continue the projected chain throws: the guardian restarts the indexer, which resumes from the database.
/// </summary>
public sealed class ArchiveIndexer : ReceiveActor
{
    private readonly ArchiveWriter _writer;
    private readonly Genesis _genesis;
    private readonly ArchiveSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _stream;
    private ProjectionProgress? _progress;

    public static Props Props(ArchiveWriter writer, Genesis genesis, ArchiveSettings settings) =>
        Akka.Actor.Props.Create(() => new ArchiveIndexer(writer, genesis, settings));

    public ArchiveIndexer(ArchiveWriter writer, Genesis genesis, ArchiveSettings settings)
    {
        _writer = writer;
        _genesis = genesis;
        _settings = settings;
        Starting();
    }

    protected override void PreStart()
    {
        var writer = _writer;
        var genesis = _genesis;
        ResumeAsync(writer, genesis).PipeTo(Self, success: p => new Resumed(p), failure: e => new Status.Failure(e));
    }

    private static async Task<ProjectionProgress> ResumeAsync(ArchiveWriter writer, Genesis genesis)
    {
        await writer.CreateSchemaAsync();
        if (await writer.ProgressAsync() is { } stored) return stored;
        var rows = ArchiveProjection.Genesis(LedgerState.FromGenesis(genesis));
        await writer.WriteAsync(rows, 0);
        return new ProjectionProgress(0, rows.After);
    }

    private void Starting()
    {
        Receive<Resumed>(r =>
        {
            _progress = r.Progress;
            if (_progress.State.ChainId != _genesis.ChainId)
                throw new InvalidOperationException($"the read model in {_writer.Database.Name} holds chain '{_progress.State.ChainId}', this node's is '{_genesis.ChainId}'");
            _log.Info("Archive indexer resumes after journal sequence {0} (height {1}) in {2}", _progress.SequenceNr, _progress.State.Height, _writer.Database.Name);
            StartStream(_progress.SequenceNr + 1);
            Become(Running);
        });
        Receive<Status.Failure>(f => throw new InvalidOperationException($"the archive read model in {_writer.Database.Name} cannot be opened: {f.Cause.Message}", f.Cause));
        Receive<GetIndexerStatus>(_ => Sender.Tell(new IndexerStatus(null, 0)));
    }

    private void StartStream(long fromSequenceNr)
    {
        _stream = ChainJournal.Follow(Context.System, _genesis.ChainId, fromSequenceNr)
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ActorRefWithAck<EventEnvelope>(Self, StreamStarted.Instance, StreamAck.Instance, StreamCompleted.Instance,
                e => new StreamFailed(e)), Keep.Left)
            .Run(Context.Materializer());
    }

    private void Running()
    {
        Receive<StreamStarted>(_ => Sender.Tell(StreamAck.Instance));
        ReceiveAsync<EventEnvelope>(async envelope =>
        {
            await IndexAsync(envelope);
            Sender.Tell(StreamAck.Instance);
        });
        Receive<StreamCompleted>(_ => _log.Warning("The journal query stream completed; the indexer stops following"));
        Receive<StreamFailed>(f => throw new InvalidOperationException("the journal query stream failed: " + f.Cause.Message, f.Cause));
        Receive<Status.Failure>(f => throw new InvalidOperationException("archive indexing failed: " + f.Cause.Message, f.Cause));
        Receive<GetIndexerStatus>(_ => Sender.Tell(new IndexerStatus(_progress!.State.Height, _progress.SequenceNr)));
    }

    private async Task IndexAsync(EventEnvelope envelope)
    {
        if (envelope.SequenceNr <= _progress!.SequenceNr) return;
        if (envelope.Event is not Block block)
            throw new InvalidOperationException($"journal event {envelope.SequenceNr} of {envelope.PersistenceId} is a {envelope.Event?.GetType().Name}, not a block");
        var (rows, error) = ArchiveProjection.Project(_progress.State, block);
        if (rows is null) throw new InvalidOperationException(error);
        await _writer.WriteAsync(rows, envelope.SequenceNr);
        _progress = new ProjectionProgress(envelope.SequenceNr, rows.After);
        Context.System.EventStream.Publish(new BlockIndexed(rows.Height, envelope.SequenceNr));
    }

    protected override void PostStop() => _stream?.Shutdown();
}
