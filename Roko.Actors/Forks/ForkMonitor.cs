using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using Roko.Actors.Sync;
using static Roko.Actors.Forks.ForkMonitorProtocol;

namespace Roko.Actors.Forks;

/// <summary>
/// /user/node/forks, on every validator and archive: compares every certified block of an already committed height that
/// reaches the node — gossiped committed blocks, block sync's ranges, light nodes' conflict reports — with the node's own
/// block there, by the pure <see cref="ForkCheck"/> against the validator set of that height. A fork is journaled first
/// (its evidence: both headers, both certificates, the validator set), then counted (<c>roko_forks_total</c>,
/// <c>roko_forks_unresolved</c>, which the <c>fork-detected</c> alert watches), logged as an error and announced
/// (<see cref="ForkFound"/>, <see cref="ForkStatus"/>): the consensus driver holds its signing gate while a fork is
/// unresolved, and only an operator's <see cref="ResumeSigning"/> (POST /forks/resume) releases it. A restart rebuilds
/// the record from the journal, so a node that restarts after a fork still does not sign.
/// </summary>
public sealed class ForkMonitor : ReceivePersistentActor
{
    private readonly string _chainId;
    private readonly RokoMetrics _metrics;
    private readonly IClock _clock;
    private readonly IActorRef _chain;
    private readonly IActorRef _propagator;
    private readonly int _recentHeights;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // This node's own block hash at each recent height: the usual candidate is the same block and needs no more work.
    private readonly SortedDictionary<ulong, Hash32> _known = [];
    // Candidates already judged (height, hash): a gossiped block arrives from several peers, a forged one is verified once.
    private readonly RecentSet<(ulong Height, Hash32 Hash)> _judged;
    private ForkRecord _record = ForkRecord.Empty;
    private LedgerState? _tip;

    public override string PersistenceId { get; }

    /// <param name="recentHeights">How many recent heights' own block hashes are kept in memory (roko.chain.recent-blocks).</param>
    public static Props Props(string chainId, RokoMetrics metrics, IClock clock, IActorRef chain, IActorRef propagator, int recentHeights) =>
        Akka.Actor.Props.Create(() => new ForkMonitor(chainId, metrics, clock, chain, propagator, recentHeights));

    public static string PersistenceIdOf(string chainId) => "forks/" + chainId;

    public ForkMonitor(string chainId, RokoMetrics metrics, IClock clock, IActorRef chain, IActorRef propagator, int recentHeights)
    {
        _chainId = chainId;
        _metrics = metrics;
        _clock = clock;
        _chain = chain;
        _propagator = propagator;
        _recentHeights = recentHeights;
        _judged = new RecentSet<(ulong, Hash32)>(Math.Max(2, recentHeights));
        PersistenceId = PersistenceIdOf(chainId);

        Recover<ForkDetected>(detected => _record = _record.Apply(detected));
        Recover<SigningResumed>(resumed => _record = _record.Apply(resumed));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<ChainStoreProtocol.CurrentChainTip>(t => Follow(t.State, null));
        Command<ChainStoreProtocol.BlockCommitted>(c => Follow(c.State, c.Block));
        Command<BlockPropagatorProtocol.Delivered>(d => d.Kind == MessageKind.Fork, OnEvidence);
        Command<BlockPropagatorProtocol.Delivered>(OnGossiped);
        Command<CheckCertifiedBlock>(c => Consider(new CertifiedHeader(c.Header, c.Commit), c.Source));
        Command<KnownBlockRead>(Judge);
        Command<Status.Failure>(f => _log.Warning("Fork monitor: reading this node's block to compare failed: {0}", f.Cause.Message));
        Command<GetForks>(_ => Sender.Tell(new CurrentForks(_record.Forks, _record.Resolved)));
        Command<GetForkStatus>(_ => Sender.Tell(Status()));
        Command<ResumeSigning>(Resume);
    }

    protected override void PreStart()
    {
        RequireCanonicalJournal();
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        Context.System.EventStream.Subscribe(Self, typeof(CheckCertifiedBlock));
        _propagator.Tell(new BlockPropagatorProtocol.Subscribe(MessageKind.Block, Self));
        _propagator.Tell(new BlockPropagatorProtocol.Subscribe(MessageKind.Fork, Self));
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        base.PostStop();
    }

    /// <summary>
    /// The record is evidence other operators must be able to read: its events are stored in canonical bytes
    /// (<see cref="ForkSerializer"/>, roko.conf's roko-forks binding), never by a general-purpose serializer. A node whose
    /// configuration lost the binding stops here (and, out of restarts, is not ready) instead of journaling evidence wrongly.
    /// </summary>
    private void RequireCanonicalJournal()
    {
        foreach (var type in new[] { typeof(ForkDetected), typeof(SigningResumed) })
            if (Context.System.Serialization.FindSerializerForType(type) is var serializer and not ForkSerializer)
                throw new Akka.Configuration.ConfigurationException(
                    $"akka.actor.serialization-bindings must bind {type.FullName} to roko-forks ({nameof(ForkSerializer)}); it is bound to {serializer.GetType().Name}");
    }

    private ForkStatus Status() => new(_record.Forks.Length, _record.Unresolved, _record.HoldReason);

    private void OnRecovered()
    {
        _metrics.SetForks(_record.Forks.Length, _record.Unresolved);
        if (_record.HoldReason is { } reason)
            _log.Error("FORK RECORD: {0}. This node does not sign until an operator resumes it (POST /forks/resume; docs/operations.md)", reason);
        Context.System.EventStream.Publish(Status());
    }

    private void Follow(LedgerState state, Block? committed)
    {
        if (_tip is null || state.Height > _tip.Height) _tip = state;
        if (committed is null) return;
        _known[committed.Height] = committed.Hash;
        while (_known.Count > _recentHeights) _known.Remove(_known.Keys.First());
    }

    private void OnGossiped(BlockPropagatorProtocol.Delivered delivered)
    {
        Block block;
        try
        {
            // Every validator gossips every block it commits: the usual one is this node's own block, known by its header
            // alone, without decoding its transactions.
            var reader = new CanonicalReader(delivered.Payload);
            reader.Header(CanonicalTag.Block, Block.Version, "block");
            var header = BlockHeader.ReadFrom(ref reader);
            if (_known.TryGetValue(header.Height, out var own) && own == header.Hash) return;
            block = Block.Decode(delivered.Payload);
        }
        catch (CanonicalDecodingException)
        {
            return; // the block's followers (the archive) report undecodable blocks
        }
        Consider(CertifiedHeader.Of(block), delivered.From is { } from ? $"gossip from {from}" : "gossip (own)");
    }

    /// <summary>
    /// A certified block from <paramref name="source"/>: nothing to do when it is this node's own block or its height is
    /// not committed here yet; otherwise its certificate is checked first (a forgery costs no journal read), then this
    /// node's block at that height is read to judge the pair.
    /// </summary>
    private void Consider(CertifiedHeader candidate, string source)
    {
        if (_tip is not { } tip || candidate.Header.ChainId != _chainId || candidate.Height == 0 || candidate.Height > tip.Height) return;
        if (_known.TryGetValue(candidate.Height, out var own) && own == candidate.Hash) return;
        if (_judged.Contains((candidate.Height, candidate.Hash))) return;
        _judged.Add((candidate.Height, candidate.Hash));
        if (tip.ValidatorsAt(candidate.Height) is not { } validators)
        {
            _log.Warning("Fork monitor: cannot judge block {0} at height {1} from {2}: the validator set of that height is no longer held",
                candidate.Hash.Short, candidate.Height, source);
            return;
        }
        if (candidate.Commit.Verify(candidate.Header, validators) is { } forged)
        {
            _log.Warning("Fork monitor: block {0} at height {1} from {2} is not a fork, its certificate does not prove it: {3}",
                candidate.Hash.Short, candidate.Height, source, forged);
            return;
        }
        ChainJournal.ReadRangeAsync(Context.System, _chainId, candidate.Height, 1)
            .PipeTo(Self, success: known => new KnownBlockRead(candidate, validators, source, known.FirstOrDefault()));
    }

    private void Judge(KnownBlockRead read)
    {
        if (read.Known is not { } known)
        {
            _log.Warning("Fork monitor: this node's block at height {0} is not in its journal; block {1} from {2} not judged",
                read.Candidate.Height, read.Candidate.Hash.Short, read.Source);
            return;
        }
        var verdict = ForkCheck.Check(CertifiedHeader.Of(known), read.Candidate, read.Validators);
        if (verdict.Evidence is not { } evidence)
        {
            if (verdict.Dismissal != ForkDismissal.SameBlock)
                _log.Warning("Fork monitor: block {0} at height {1} from {2} is no fork: {3}", read.Candidate.Hash.Short, read.Candidate.Height,
                    read.Source, verdict.Detail);
            return;
        }
        Record(evidence, read.Source, verdict.Detail);
    }

    /// <summary>
    /// Fork evidence another node found and flooded (<see cref="MessageKind.Fork"/>): recorded here too once it proves a fork
    /// under this node's own validator set of that height, so every node stops signing, not only the one a light node's
    /// report or a stray block reached. Evidence this node cannot check (a height it has not reached, or whose validator
    /// set it no longer holds) or that proves nothing is logged and dropped.
    /// </summary>
    private void OnEvidence(BlockPropagatorProtocol.Delivered delivered)
    {
        string source = $"fork evidence flooded by {delivered.Origin.Bytes.Short}" + (delivered.From is { } from ? $" (via {from})" : "");
        ForkEvidence evidence;
        try
        {
            evidence = ForkEvidence.Decode(delivered.Payload);
        }
        catch (CanonicalDecodingException e)
        {
            _log.Warning("Fork monitor: undecodable fork evidence ({0}): {1}", source, e.Message);
            return;
        }
        if (_record.Holds(evidence) || evidence.ChainId != _chainId) return;
        if (_tip is not { } tip || evidence.Height > tip.Height || tip.ValidatorsAt(evidence.Height) is not { } validators)
        {
            _log.Warning("Fork monitor: cannot check the {0} ({1}): this node does not hold the validator set of height {2}",
                evidence, source, evidence.Height);
            return;
        }
        if (validators.Hash != evidence.Validators.Hash)
        {
            _log.Warning("Fork monitor: {0} ({1}) is no proof: its validator set is not the one of height {2}", evidence, source, evidence.Height);
            return;
        }
        if (ForkCheck.Verify(evidence) is { } why)
        {
            _log.Warning("Fork monitor: {0} ({1}) is no proof: {2}", evidence, source, why);
            return;
        }
        Record(evidence, source, $"two valid certificates at height {evidence.Height}: {evidence.First} and {evidence.Second}; " +
                                 $"{evidence.SignedBoth.Length} validator(s) signed both");
    }

    /// <summary>Journals a fork not yet recorded, then counts, logs and announces it, and floods its evidence to every node.</summary>
    private void Record(ForkEvidence evidence, string source, string detail)
    {
        if (_record.Holds(evidence)) return;
        Persist(new ForkDetected(evidence, Truncate(source, ForkDetected.MaxSourceBytes), _clock.Estimate()), detected =>
        {
            _record = _record.Apply(detected);
            _metrics.SetForks(_record.Forks.Length, _record.Unresolved);
            _log.Error("FORK DETECTED at height {0} from {1}: {2}. Validators that signed both: {3}. Evidence journaled; this node " +
                       "stops signing until an operator resumes it (POST /forks/resume; docs/operations.md)",
                evidence.Height, detected.Source, detail,
                string.Join(", ", evidence.SignedBoth.Select(k => k.Bytes.Short)));
            Context.System.EventStream.Publish(new ForkFound(detected));
            Context.System.EventStream.Publish(Status());
            _propagator.Tell(new BlockPropagatorProtocol.Propagate(MessageKind.Fork, evidence.Encode()));
        });
    }

    private void Resume(ResumeSigning resume)
    {
        var replyTo = Sender;
        if (_record.Unresolved == 0)
        {
            replyTo.Tell(new CurrentForks(_record.Forks, _record.Resolved));
            return;
        }
        Persist(new SigningResumed(_record.Forks.Length, Truncate(resume.Note, SigningResumed.MaxNoteBytes), _clock.Estimate()), resumed =>
        {
            _record = _record.Apply(resumed);
            _metrics.SetForks(_record.Forks.Length, _record.Unresolved);
            _log.Warning("Signing resumed by an operator after {0} fork(s): {1}", resumed.Through, resumed.Note);
            Context.System.EventStream.Publish(Status());
            replyTo.Tell(new CurrentForks(_record.Forks, _record.Resolved));
        });
    }

    private static string Truncate(string text, int maxBytes)
    {
        while (System.Text.Encoding.UTF8.GetByteCount(text) > maxBytes) text = text[..^1];
        return text;
    }
}
