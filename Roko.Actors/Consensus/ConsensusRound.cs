using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using static Roko.Actors.Consensus.ConsensusDriverProtocol;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Consensus;

/// <summary>
/// /user/node/consensus/height-N: runs the pure <see cref="ConsensusMachine"/> for one height. Feeds it network
/// inputs and timeouts, and carries out its effects in order: the signing record's writes (synchronous, on the
/// dedicated roko.consensus.signing-dispatcher, before the broadcasts they guard), broadcasts through the propagator
/// (votes flood, proposals gossip), timers, block assembly from the mempool, and the commit through the ChainStore —
/// the height counts as decided only once the block is journaled. Every start of this actor (first start, restart by
/// the driver, and a new one after a restart of the driver or of the process) reads the signing record from the store
/// and resumes the height where it stands (docs/consensus.md §Signing record).
/// </summary>
public sealed class ConsensusRound : ReceiveActor, IWithTimers
{
    private readonly ulong _height;
    private readonly LedgerState _tip;
    private readonly SigningKey? _key;
    private readonly IClock _clock;
    private readonly ConsensusSettings _settings;
    private readonly IActorRef _chain;
    private readonly IActorRef _mempool;
    private readonly IActorRef _propagator;
    private readonly ISignatureVerifier _signatures;
    private readonly ISigningRecordStore? _signingRecords;
    private readonly ConsensusMachine _machine;
    private readonly NanoMoment _startedAt;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private (uint Round, NanoMoment Cutoff, long AskedAt)? _assembling;
    // This node's proposals and votes at this height, re-sent until the height is decided: a peer that connected late
    // or lost a message gets them again (receivers deliver each once). A proposal goes again only to the validators not
    // yet known to have it (no vote for its block in its round).
    private readonly List<OwnMessage> _own = [];
    private const string ResendTimer = "resend";
    private bool _committing;
    /// <summary>When the decided block was handed to the chain store (Stopwatch ticks): the commit step runs until it is stored.</summary>
    private long _commitAskedAt;
    private IReadOnlyList<(MessageKind Kind, byte[] Payload)> _decision = [];
    // The state after each block this round validated (by block hash), handed to the chain store with the decided one
    // so it is not executed a second time there. At most one per proposal seen at this height.
    private readonly Dictionary<Hash32, LedgerState> _validated = new();
    private readonly Monitoring.RokoMetrics? _metrics;
    private readonly StepTimings _timings = new();

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props on <see cref="ConsensusSettings.SigningDispatcherId"/>, which the actor system's config must define (hocon/roko.conf does).</summary>
    /// <param name="signingRecords">Where this validator's signing record is kept; required with a <paramref name="key"/>.</param>
    /// <param name="signing">Whether the driver's <see cref="SigningGate"/> is open when the height starts.</param>
    /// <param name="metrics">Where the round and step durations are recorded (null: nowhere).</param>
    public static Props Props(ulong height, LedgerState tip, SigningKey? key, IClock clock, ConsensusSettings settings,
        IActorRef chain, IActorRef mempool, IActorRef propagator, ISignatureVerifier signatures, ISigningRecordStore? signingRecords,
        bool signing = true, Monitoring.RokoMetrics? metrics = null) =>
        Akka.Actor.Props.Create(() => new ConsensusRound(height, tip, key, clock, settings, chain, mempool, propagator, signatures,
            signingRecords, signing, metrics)).WithDispatcher(ConsensusSettings.SigningDispatcherId);

    public ConsensusRound(ulong height, LedgerState tip, SigningKey? key, IClock clock, ConsensusSettings settings,
        IActorRef chain, IActorRef mempool, IActorRef propagator, ISignatureVerifier signatures, ISigningRecordStore? signingRecords,
        bool signing = true, Monitoring.RokoMetrics? metrics = null)
    {
        if (key is not null && signingRecords is null)
            throw new ArgumentNullException(nameof(signingRecords), "a validator's round needs the store of its signing record");
        _signingRecords = signingRecords;
        _metrics = metrics;
        _signatures = signatures;
        _height = height;
        _tip = tip;
        _key = key;
        _clock = clock;
        _settings = settings;
        _chain = chain;
        _mempool = mempool;
        _propagator = propagator;
        _machine = new ConsensusMachine(tip.ChainId, key, settings);
        _machine.Handle(new ConsensusInput.SigningChanged(signing), clock.Now());
        _startedAt = clock.Estimate();

        Receive<Feed>(f => Handle(f.Input));
        Receive<ConsensusInput.TimeoutFired>(Handle);
        Receive<CurrentSlice>(OnSlice);
        Receive<ResendOwnMessages>(_ => Resend());
        Receive<SigningGateChanged>(g => Handle(new ConsensusInput.SigningChanged(g.Open)));
        Receive<ChainStoreProtocol.BlockCommitted>(OnCommitted);
        Receive<ChainStoreProtocol.BlockRefused>(r =>
        {
            // Block sync may have committed this height first (the driver then moves on); anything else is a real disagreement.
            if (r.Reason.Code == LedgerErrorCode.WrongHeight)
                _log.Info("Decided block {0} was already committed (by block sync): {1}", r.Height, r.Reason);
            else
                _log.Error("The chain store refused decided block {0}: {1}. This node's ledger disagrees with the quorum.", r.Height, r.Reason);
        });
        Receive<GetConsensusState>(_ => Sender.Tell(new CurrentConsensusState(_machine.Height, _machine.Round, _machine.Step,
            _key is not null && _machine.Validators?.Contains(_key.PublicKey) == true && _machine.SigningAllowed && _machine.ProposerOf(_machine.Round) == _key.PublicKey)));
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(ResendTimer, ResendOwnMessages.Instance, _settings.ResendInterval);
        // Read at every start, so a process crash, a restart of this round and a restart of the driver all resume alike.
        var record = _key is null ? null : _signingRecords!.Load(_tip.ChainId, _key.PublicKey);
        Handle(new ConsensusInput.StartHeight(_height, _tip.Validators, Validate, record));
    }

    /// <summary>A proposed block is valid when it applies to the tip under every ledger rule but the (absent) certificate.</summary>
    private string? Validate(ProposedBlock block)
    {
        int size = block.WithCommit(new CommitCertificate(block.Height, 0, block.Hash, [])).Encode().Length;
        var result = LedgerTransition.ApplyContent(_tip, block.Header, block.Transactions, size, _signatures);
        if (result.State is { } state) _validated[block.Hash] = state;
        return result.Error?.ToString();
    }

    private void Handle(ConsensusInput input)
    {
        foreach (var effect in _machine.Handle(input, _clock.Now())) Execute(effect);
        if (_metrics is null) return;
        foreach (var span in _timings.Observe(_machine.Round, _machine.Step, _clock.Estimate()))
        {
            if (span.Step is { } step) _metrics.RecordStep(step.ToString(), span.Duration);
            else _metrics.RecordRound(span.Duration);
        }
    }

    private void Execute(ConsensusEffect effect)
    {
        switch (effect)
        {
            case ConsensusEffect.RecordSigning r:
                Store(r.Record);
                break;
            case ConsensusEffect.SigningRefused f:
                _log.Error("Refused to sign the {0} at height {1} round {2}: {3}: {4}", f.Step, f.Height, f.Round,
                    f.Reason == SigningRefusalReason.ConflictingValue ? "conflicting with the signing record" : "below the signing record", f.Detail);
                break;
            case ConsensusEffect.SigningRecordAhead a:
                _log.Error("The signing record is at height {0}, above height {1} being decided (did the chain lose blocks this validator " +
                           "signed past?): following height {1} without signing anything until the chain is past it", a.RecordHeight, a.Height);
                break;
            case ConsensusEffect.HeightResumed h:
                _log.Info("Resumed height {0} at round {1} step {2} from the signing record (lock round {3}, valid round {4}); re-sending {5} own message(s)",
                    h.Record.Height, h.Record.Round, h.Record.Step, h.Record.LockedRound, h.Record.ValidRound,
                    (h.Record.Proposal is null ? 0 : 1) + (h.Record.Prevote is null ? 0 : 1) + (h.Record.Precommit is null ? 0 : 1));
                break;
            case ConsensusEffect.BroadcastProposal p:
                Broadcast(new OwnMessage(MessageKind.Proposal, p.Proposal.Encode(), (p.Proposal.Round, p.Proposal.Block.Hash)));
                break;
            case ConsensusEffect.BroadcastVote v:
                Broadcast(new OwnMessage(MessageKind.Vote, v.Vote.Encode(), null));
                break;
            case ConsensusEffect.ScheduleTimeout t:
                Timers.StartSingleTimer($"{t.Height}/{t.Round}/{t.Step}", new ConsensusInput.TimeoutFired(t.Height, t.Round, t.Step), t.Duration);
                break;
            case ConsensusEffect.ProposeBlock p:
                StartAssembly(p.Round);
                break;
            case ConsensusEffect.CommitBlock c:
                Commit(c);
                break;
            case ConsensusEffect.PrevotedNil n:
                _log.Info("Prevoting nil at height {0} round {1}: {2}: {3}", n.Height, n.Round, n.Reason, n.Detail);
                _metrics?.RecordNilPrevote(n.Reason);
                break;
            case ConsensusEffect.EvidenceFound e:
                _log.Warning("Double signing by {0} at height {1} round {2}", e.Evidence.First.Validator.Bytes.Short, e.Evidence.First.Height, e.Evidence.First.Round);
                Context.System.EventStream.Publish(new EvidenceDetected(e.Evidence));
                break;
        }
    }

    /// <summary>
    /// Writes the signing record before the effects after it run. A failed write throws out of this message: the round
    /// fails (the driver restarts it, and it resumes from what the store holds) and nothing after the write is sent.
    /// </summary>
    private void Store(SigningRecord record)
    {
        try
        {
            long startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _signingRecords!.Save(record);
            _metrics?.RecordSigningRecordWrite(System.Diagnostics.Stopwatch.GetElapsedTime(startedAt));
        }
        catch (Exception e)
        {
            _log.Error(e, "Could not store the signing record at {0}; nothing it guards is sent and the round restarts", record.Position);
            throw;
        }
    }

    /// <summary>One of this node's proposals (with its round and block) or votes, as sent.</summary>
    private sealed record OwnMessage(MessageKind Kind, byte[] Payload, (uint Round, Hash32 Block)? Proposed);

    /// <summary>
    /// Sends it addressed to the height's other validators (whom a structured strategy sends it to, one copy each; flood
    /// and gossip ignore the address) and keeps it for re-sending.
    /// </summary>
    private void Broadcast(OwnMessage message)
    {
        _own.Add(message);
        _propagator.Tell(new BlockPropagatorProtocol.Propagate(message.Kind, message.Payload, Destinations: _machine.OtherValidators));
    }

    private void Resend()
    {
        if (_committing) return;
        foreach (var message in _own)
        {
            var to = _machine.OtherValidators;
            if (message.Proposed is { } proposed)
            {
                to = _machine.WithoutVoteFor(proposed.Round, proposed.Block);
                if (to.IsEmpty) continue; // every validator has voted for it: it has arrived everywhere
            }
            _propagator.Tell(new BlockPropagatorProtocol.Propagate(message.Kind, message.Payload, Resend: true, Destinations: to));
        }
    }

    private void StartAssembly(uint round)
    {
        var cutoff = TemporalRules.CutoffFor(_clock.Now(), Nanoseconds.FromTimeSpan(_settings.InclusionDelay));
        // The tip's slice must be behind this proposal; it is unless clocks disagree badly.
        if (cutoff <= _tip.LastCutoff) cutoff = _tip.LastCutoff.AddNanoseconds(1);
        _assembling = (round, cutoff, System.Diagnostics.Stopwatch.GetTimestamp());
        _mempool.Tell(new GetSlice(cutoff, _settings.ProposalMaxTransactions));
    }

    private void OnSlice(CurrentSlice slice)
    {
        if (_assembling is not { } pending || _key is null) return;
        _assembling = null;
        // Block time is read now, when the proposal is built: validators judge its timeliness against their receipt,
        // so time spent waiting for the slice must not count against it.
        var blockTime = _clock.Now().Midpoint ?? _clock.Estimate();
        if (blockTime <= _tip.LastBlockTime) blockTime = _tip.LastBlockTime.AddNanoseconds(1);
        if (blockTime < slice.Cutoff) blockTime = slice.Cutoff;
        var assembled = BlockAssembly.Assemble(_tip, slice.Transactions, slice.Cutoff, blockTime, _key.PublicKey,
            _settings.ProposalMaxTransactions);
        if (assembled.Excluded.Count > 0) _mempool.Tell(new TransactionsExcluded(assembled.Excluded));
        // One line per proposal, so an operator can see how long the mempool took to hand over the slice and how far
        // behind the asked cutoff it ended (a pulled-back or truncated slice), beside the round's votes in the log.
        _log.Info("Proposing block {0} in round {1}: {2} transaction(s) ({3} left out), slice {4:F0} ms behind the asked cutoff, gathered in {5:F0} ms",
            _height, pending.Round, assembled.Transactions.Length, assembled.Excluded.Count,
            Nanoseconds.ToMilliseconds(pending.Cutoff.UnixNanoseconds - slice.Cutoff.UnixNanoseconds),
            System.Diagnostics.Stopwatch.GetElapsedTime(pending.AskedAt).TotalMilliseconds);
        Handle(new ConsensusInput.ProposalReady(_height, pending.Round, ProposedBlock.From(assembled)));
    }

    private void Commit(ConsensusEffect.CommitBlock commit)
    {
        if (_committing) return;
        _committing = true;
        _commitAskedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        _decision = [(MessageKind.Proposal, commit.Proposal.Encode()), .. commit.CertificateVotes.Select(v => (MessageKind.Vote, v.Encode()))];
        _chain.Tell(new ChainStoreProtocol.CommitBlock(commit.ToBlock(), _validated.GetValueOrDefault(commit.Block.Hash)));
    }

    private void OnCommitted(ChainStoreProtocol.BlockCommitted committed)
    {
        if (committed.Block.Height != _height) return;
        _metrics?.RecordStep(nameof(ConsensusStep.Commit), System.Diagnostics.Stopwatch.GetElapsedTime(_commitAskedAt));
        _log.Info("Committed block {0} {1} with {2} transaction(s) in round {3}, {4} signature(s)", _height, committed.Block.Hash.Short,
            committed.Block.Transactions.Length, committed.Block.Commit.Round, committed.Block.Commit.Signatures.Length);
        Context.Parent.Tell(new HeightDecided(_height, committed.State, _startedAt, _decision, _machine.HeardVotes()));
    }
}
