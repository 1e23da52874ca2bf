using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using static Roko.Actors.Persistence.ChainStoreProtocol;

namespace Roko.Actors.Persistence;

/// <summary>
/// The node's chain: a persistent actor whose events are committed blocks (canonical encoding). A block is applied
/// with the pure <see cref="LedgerTransition"/> first, journaled second, and acknowledged only after the journal
/// confirmed it. Recovery = latest ledger snapshot + replay of the blocks after it.
/// </summary>
public sealed class ChainStore : ReceivePersistentActor
{
    private readonly ChainStoreSettings _settings;
    private readonly Genesis _genesis;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<Block> _recent = new();
    private LedgerState _state;
    private readonly ISignatureVerifier _signatures;
    private readonly RokoMetrics? _metrics;

    public override string PersistenceId { get; }

    /// <param name="signatures">Checks transaction signatures of committed blocks (the node's verified-signature cache); null verifies every one.</param>
    /// <param name="metrics">Where each commit is recorded (blocks committed, block time, chain height), or null.</param>
    public static Props Props(Genesis genesis, ChainStoreSettings settings, ISignatureVerifier? signatures = null, RokoMetrics? metrics = null) =>
        Akka.Actor.Props.Create(() => new ChainStore(genesis, settings, signatures, metrics));

    public ChainStore(Genesis genesis, ChainStoreSettings settings, ISignatureVerifier? signatures, RokoMetrics? metrics)
    {
        _metrics = metrics;
        _signatures = signatures ?? DirectSignatureVerifier.Instance;
        _genesis = genesis;
        _settings = settings;
        _state = LedgerState.FromGenesis(genesis);
        PersistenceId = ChainJournal.PersistenceIdOf(genesis.ChainId);

        Recover<SnapshotOffer>(offer => RecoverSnapshot(offer));
        Recover<Block>(block => RecoverBlock(block));
        Recover<RecoveryCompleted>(_ =>
            _log.Info("Chain {0} recovered at height {1}, head {2}", _genesis.ChainId, _state.Height, _state.LastBlockHash.Short));

        Command<CommitBlock>(Commit);
        Command<GetChainTip>(_ => Sender.Tell(new CurrentChainTip(_state)));
        Command<GetBlock>(q => Sender.Tell(new CurrentBlock(q.Height, _recent.FirstOrDefault(b => b.Height == q.Height))));
        Command<SaveSnapshotSuccess>(ok => DeleteSnapshots(new SnapshotSelectionCriteria(
            ok.Metadata.SequenceNr - (long)_settings.SnapshotEvery * _settings.SnapshotsKept)));
        Command<SaveSnapshotFailure>(failure => _log.Warning("Ledger snapshot at sequence {0} failed: {1}", failure.Metadata.SequenceNr, failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning("Deleting old ledger snapshots failed: {0}", failure.Cause.Message));
    }

    private void RecoverSnapshot(SnapshotOffer offer)
    {
        if (offer.Snapshot is not LedgerState snapshot || snapshot.ChainId != _genesis.ChainId)
            throw new InvalidOperationException($"snapshot at sequence {offer.Metadata.SequenceNr} is not a ledger state of chain {_genesis.ChainId}");
        _state = snapshot;
    }

    private void RecoverBlock(Block block)
    {
        if (block.Height <= _state.Height) return; // already covered by the snapshot
        // Journaled here after its signatures were verified; the commit certificate and every other rule are still checked.
        var result = LedgerTransition.Apply(_state, block, OwnJournalSignatures.Instance);
        if (!result.IsValid)
            throw new InvalidOperationException($"journaled block {block.Height} does not apply: {result.Error}");
        _state = result.State!;
        Remember(block);
    }

    private void Commit(CommitBlock commit)
    {
        var block = commit.Block;
        var result = commit.Validated is { } validated
            ? LedgerTransition.ApplyValidated(_state, block, validated, _signatures)
            : LedgerTransition.Apply(_state, block, _signatures);
        if (!result.IsValid)
        {
            _log.Warning("Refused block {0}: {1}", block.Height, result.Error);
            Sender.Tell(new BlockRefused(block.Height, result.Error!));
            return;
        }
        var next = result.State!;
        var replyTo = Sender;
        Persist(block, stored =>
        {
            var sincePrevious = Nanoseconds.ToTimeSpan(Math.Max(0, stored.Header.BlockTime - _state.LastBlockTime));
            _state = next;
            _metrics?.RecordBlockCommitted((long)next.Height, sincePrevious);
            Remember(stored);
            var committed = new BlockCommitted(stored, next);
            replyTo.Tell(committed);
            Context.System.EventStream.Publish(committed);
            if (LastSequenceNr % _settings.SnapshotEvery == 0) SaveSnapshot(next);
        });
    }

    private void Remember(Block block)
    {
        _recent.Enqueue(block);
        while (_recent.Count > _settings.RecentBlocks) _recent.Dequeue();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Journaling block at sequence {0} failed; the block is NOT committed and the chain store stops", sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
