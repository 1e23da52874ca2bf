using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using Roko.Actors.Supervision;
using static Roko.Actors.Consensus.ConsensusDriverProtocol;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Consensus;

/// <summary>
/// /user/node/consensus: decodes consensus messages delivered by the propagator, routes them to the
/// <see cref="ConsensusRound"/> of their height (buffering a bounded number for heights not started yet), and starts
/// each next height once the previous block is journaled and the block interval has passed. It starts, and after a
/// restart starts again, at the height after the chain store's tip. Rounds are restarted by this driver's supervision if
/// they fail: the driver then subscribes again, so the propagator hands it the height's messages once more as peers
/// re-send them, and tells the round the signing gate; a round that exhausts its restarts fails the driver (its parent
/// restarts it at the chain store's tip). Every round, whether new, restarted, or started by a restarted driver, resumes
/// its height from the signing record in its start (its round, step, lock, valid value and own signed messages), the
/// same path as after a process crash; the rest of its state is rebuilt from the messages peers keep sending.
/// </summary>
public sealed class ConsensusDriver : ReceiveActor, IWithTimers
{
    private const string NextHeightTimer = "next-height";
    // What a failing round gets: a restart (within roko.supervision) whatever it failed of; beyond the limit it is stopped.
    private static readonly IDecider RoundFailures = Decider.From(Directive.Restart,
        Directive.Restart.When<ActorInitializationException>(), // its start failed (e.g. reading the signing record): built again from the same height
        Directive.Restart.When<ActorKilledException>(),         // killed (an operator, a chaos test): starts its height again
        Directive.Restart.When<Exception>());                   // any other failure: the height starts again from the signing record

    private readonly SigningKey? _key;
    private readonly IClock _clock;
    private readonly ConsensusSettings _settings;
    private readonly TimeSpan _blockInterval;
    private readonly IActorRef _chain;
    private readonly IActorRef _mempool;
    private readonly IActorRef _propagator;
    private readonly ISignatureVerifier _signatures;
    private readonly ISigningRecordStore? _signingRecords;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<ulong, List<ConsensusInput>> _future = new();
    private int _futureCount;
    private LedgerState _tip;
    private IActorRef _round = ActorRefs.Nobody;
    private SigningGate _gate = SigningGate.Open;
    private readonly Func<string?>? _participationRefusal;
    private readonly IActorRef? _forks;
    private readonly RokoMetrics? _metrics;
    private string? _refusedBecause;
    private const string RecheckTimer = "recheck-participation";
    private const string ForkRecordUnread = "the fork record is not read yet";
    // Recent decisions (proposal and precommits) by height, re-sent (at most once per resend interval per height) when
    // a peer is heard still working on one of them: a validator that missed a decision is walked forward height by
    // height. Older lags need block sync.
    private readonly SortedDictionary<ulong, (HeightDecided Decision, NanoMoment DecidedAt, NanoMoment? LastResent)> _recent = new();

    // Double signing whose votes arrive after their height was decided: the last catch-up-heights heights' votes.
    private readonly LateVoteWatch _lateVotes;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="signingRecords">Where the validator's signing record is kept (docs/consensus.md §Signing record); required with a key.</param>
    /// <param name="signatures">Checks transaction signatures of proposed blocks; null verifies every one.</param>
    /// <param name="participationRefusal">Asked at the start of every height: why this validator must neither propose nor vote
    /// there (e.g. roko.validator.require-time-card without a time card), or null when it may. Refused, the height is
    /// followed with the signing gate held (asked again every resend-interval until it clears). Null: always take part.</param>
    /// <param name="forks">The fork monitor (Forks.ForkMonitor): signing is held until it says no fork is unresolved, and
    /// again whenever one is detected. Null: no fork record (tests of consensus alone).</param>
    /// <param name="metrics">Where rounds record their round and step durations (null: nowhere).</param>
    public static Props Props(LedgerState tip, SigningKey? key, IClock clock, ConsensusSettings settings, TimeSpan blockInterval,
        IActorRef chain, IActorRef mempool, IActorRef propagator, ISigningRecordStore? signingRecords, ISignatureVerifier? signatures = null,
        Func<string?>? participationRefusal = null, IActorRef? forks = null, RokoMetrics? metrics = null) =>
        Akka.Actor.Props.Create(() => new ConsensusDriver(tip, key, clock, settings, blockInterval, chain, mempool, propagator, signingRecords,
            signatures, participationRefusal, forks, metrics));

    public ConsensusDriver(LedgerState tip, SigningKey? key, IClock clock, ConsensusSettings settings, TimeSpan blockInterval,
        IActorRef chain, IActorRef mempool, IActorRef propagator, ISigningRecordStore? signingRecords, ISignatureVerifier? signatures,
        Func<string?>? participationRefusal = null, IActorRef? forks = null, RokoMetrics? metrics = null)
    {
        _signingRecords = signingRecords;
        _forks = forks;
        _metrics = metrics;
        _signatures = signatures ?? DirectSignatureVerifier.Instance;
        _participationRefusal = participationRefusal;
        _tip = tip;
        _key = key;
        _clock = clock;
        _settings = settings;
        _blockInterval = blockInterval;
        _chain = chain;
        _mempool = mempool;
        _propagator = propagator;
        _lateVotes = new LateVoteWatch(tip.ChainId, settings.CatchUpHeights, ConsensusMachine.MaxBufferedMessages);

        Receive<Delivered>(OnDelivered);
        Receive<ChainStoreProtocol.CurrentChainTip>(tip =>
        {
            // On start and after a restart by supervision the chain store, not the constructor, says where the chain is.
            if (!_round.IsNobody()) return;
            _tip = tip.State;
            DropBufferedUpTo(tip.State.Height);
            StartHeight();
        });
        Receive<Terminated>(t =>
        {
            // Rounds the driver stopped itself are no longer _round; the current one stopping means its restarts ran out.
            if (t.ActorRef.Equals(_round))
                throw new InvalidOperationException($"the consensus round of height {CurrentHeight} exhausted its restarts and stopped");
        });
        Receive<HeightDecided>(OnDecided);
        Receive<ChainAdvanced>(OnChainAdvanced);
        Receive<StartNextHeight>(_ => StartHeight());
        Receive<RecheckParticipation>(_ => CheckParticipation(CurrentHeight));
        Receive<GetConsensusState>(q => _round.Forward(q));
        // Alerting's automated response to critical time drift: no proposals and no votes until it resolves.
        Receive<AlertingProtocol.StopProposing>(stop => ChangeGate(_gate.Hold(SigningGate.AlertingHolder, stop.Reason)));
        Receive<AlertingProtocol.ResumeProposing>(_ => ChangeGate(_gate.Release(SigningGate.AlertingHolder)));
        // A detected fork holds signing until an operator resumes it (docs/operations.md §Forks).
        Receive<Forks.ForkMonitorProtocol.ForkStatus>(s =>
            ChangeGate(s.HoldReason is { } reason ? _gate.Hold(SigningGate.ForkHolder, reason) : _gate.Release(SigningGate.ForkHolder),
                quiet: s.HoldReason is null && _gate.Holds.GetValueOrDefault(SigningGate.ForkHolder) == ForkRecordUnread));
    }

    /// <param name="quiet">Opened at start-up once the fork record is read: nothing resumed, nothing to log.</param>
    private void ChangeGate(SigningGate gate, bool quiet = false)
    {
        bool changed = gate.IsOpen != _gate.IsOpen;
        _gate = gate;
        if (!changed) return;
        if (gate.IsOpen && !quiet) _log.Info("Signing resumed: proposing and voting again");
        else if (!gate.IsOpen) _log.Warning("Signing stopped: no proposals or votes until released; {0}", gate);
        if (!_round.IsNobody()) _round.Tell(new SigningGateChanged(gate.IsOpen));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new LimitedRestarts(_settings.Supervision, RoundFailures, onRestart: (round, _) => OnRoundRestarting(round));

    /// <summary>
    /// A restarted round starts its height again from the constructor's state: it must hear the height's proposals and votes
    /// again (a new subscription makes the propagator hand them over once more when peers re-send them) and the gate as it is now.
    /// </summary>
    private void OnRoundRestarting(IActorRef round)
    {
        _log.Warning("Consensus round {0} failed and is restarted", round.Path.Name);
        SubscribeToConsensusMessages();
        round.Tell(new SigningGateChanged(_gate.IsOpen));
    }

    private void SubscribeToConsensusMessages()
    {
        _propagator.Tell(new Subscribe(MessageKind.Vote, Self));
        _propagator.Tell(new Subscribe(MessageKind.Proposal, Self));
    }

    protected override void PreStart()
    {
        SubscribeToConsensusMessages();
        _chain.Tell(ChainStoreProtocol.GetChainTip.Instance);
        Context.System.EventStream.Subscribe(Self, typeof(AlertingProtocol.StopProposing));
        Context.System.EventStream.Subscribe(Self, typeof(AlertingProtocol.ResumeProposing));
        if (_forks is not null)
        {
            // Safety first after a (re)start: nothing is signed before the fork record, journaled, says no fork is unresolved.
            _gate = _gate.Hold(SigningGate.ForkHolder, ForkRecordUnread);
            Context.System.EventStream.Subscribe(Self, typeof(Forks.ForkMonitorProtocol.ForkStatus));
            _forks.Tell(Forks.ForkMonitorProtocol.GetForkStatus.Instance);
        }
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private ulong CurrentHeight => _tip.Height + 1;

    private void StartHeight()
    {
        ulong height = CurrentHeight;
        CheckParticipation(height);
        _round = Context.ActorOf(ConsensusRound.Props(height, _tip, _key, _clock, _settings, _chain, _mempool, _propagator,
            _signatures, _signingRecords, _gate.IsOpen, _metrics), $"height-{height}");
        Context.Watch(_round);
        if (_future.Remove(height, out var buffered))
        {
            _futureCount -= buffered.Count;
            foreach (var input in buffered) _round.Tell(new ConsensusDriverProtocol.Feed(input));
        }
    }

    /// <summary>
    /// Asks the participation gate (at the start of every height, and every resend-interval while it refuses): a refusal
    /// holds the <see cref="SigningGate"/> under <see cref="SigningGate.ParticipationHolder"/>, so the round follows the
    /// height without proposing or voting; once it clears, the gate opens and the running round casts what it withheld
    /// at its current step. The round keeps its state, so nothing it heard while sitting out is lost.
    /// </summary>
    private void CheckParticipation(ulong height)
    {
        if (_key is null || _participationRefusal is null) return;
        var refusal = _participationRefusal();
        if ((refusal is null) != (_refusedBecause is null))
        {
            if (refusal is not null) _log.Warning("NOT VOTING from height {0}: {1}", height, refusal);
            else _log.Info("Taking part in consensus again at height {0}", height);
            _refusedBecause = refusal;
        }
        if (refusal is null)
        {
            Timers.Cancel(RecheckTimer);
            ChangeGate(_gate.Release(SigningGate.ParticipationHolder));
        }
        else
        {
            if (!Timers.IsTimerActive(RecheckTimer)) Timers.StartPeriodicTimer(RecheckTimer, RecheckParticipation.Instance, _settings.ResendInterval);
            ChangeGate(_gate.Hold(SigningGate.ParticipationHolder, refusal));
        }
    }

    private void OnDecided(HeightDecided decided)
    {
        if (decided.Height != CurrentHeight) return;
        Context.Stop(_round);
        _round = ActorRefs.Nobody;
        _tip = decided.State;
        _recent[decided.Height] = (decided, _clock.Estimate(), null);
        if (decided.Heard is not null) _lateVotes.Decided(decided.Heard);
        while (_recent.Count > _settings.CatchUpHeights) _recent.Remove(_recent.Keys.First());
        DropBufferedUpTo(decided.Height);
        long elapsedNanos = _clock.Estimate() - decided.StartedAt;
        var wait = _blockInterval - Nanoseconds.ToTimeSpan(Math.Max(0, elapsedNanos));
        if (wait <= TimeSpan.Zero) StartHeight();
        else Timers.StartSingleTimer(NextHeightTimer, StartNextHeight.Instance, wait);
    }

    private void OnChainAdvanced(ChainAdvanced advanced)
    {
        if (advanced.State.Height < CurrentHeight) return;
        // Block sync went past the height being decided: that round can no longer commit; continue after the synced tip.
        // Its votes go with it, but double signing at that height is still watched for from here on.
        if (!_round.IsNobody())
        {
            Context.Stop(_round);
            _lateVotes.Decided(new DecidedHeightVotes(CurrentHeight, _tip.Validators, [], []));
        }
        _round = ActorRefs.Nobody;
        Timers.Cancel(NextHeightTimer);
        _tip = advanced.State;
        DropBufferedUpTo(advanced.State.Height);
        StartHeight();
    }

    private void DropBufferedUpTo(ulong height)
    {
        foreach (var stale in _future.Keys.Where(h => h <= height).ToList())
        {
            _futureCount -= _future[stale].Count;
            _future.Remove(stale);
        }
    }

    private void OnDelivered(Delivered delivered)
    {
        if (delivered.From is null) return; // our own message: the round already has it
        ConsensusInput input;
        ulong height;
        try
        {
            if (delivered.Kind == MessageKind.Vote)
            {
                var vote = Vote.Decode(delivered.Payload);
                (input, height) = (new ConsensusInput.VoteReceived(vote), vote.Height);
            }
            else
            {
                var proposal = Consensus.Proposal.Decode(delivered.Payload);
                (input, height) = (new ConsensusInput.ProposalReceived(proposal, _clock.Now()), proposal.Height);
            }
        }
        catch (CanonicalDecodingException e)
        {
            _log.Warning("Undecodable {0} from {1}: {2}", delivered.Kind, delivered.From, e.Message);
            return;
        }
        if (height == CurrentHeight && !_round.IsNobody()) _round.Tell(new ConsensusDriverProtocol.Feed(input));
        else if (height >= CurrentHeight) Buffer(height, input);
        else
        {
            HelpCatchUp(height);
            if (input is ConsensusInput.VoteReceived late) CatchLateDoubleSigning(late.Vote);
        }
    }

    private void CatchLateDoubleSigning(Vote vote)
    {
        if (_lateVotes.Observe(vote) is not { } evidence) return;
        _log.Warning("Double signing by {0} at height {1} round {2}, caught after the height was decided",
            evidence.First.Validator.Bytes.Short, evidence.First.Height, evidence.First.Round);
        Context.System.EventStream.Publish(new EvidenceDetected(evidence));
    }

    private void HelpCatchUp(ulong height)
    {
        if (!_recent.TryGetValue(height, out var entry)) return;
        // Late precommits right after a decision are normal; a peer still sending for the height a resend interval
        // later (it re-sends its own messages that often) has missed the decision.
        var now = _clock.Estimate();
        long interval = Nanoseconds.FromTimeSpan(_settings.ResendInterval);
        if (now - entry.DecidedAt < interval) return;
        if (entry.LastResent is { } last && now - last < interval) return;
        _recent[height] = entry with { LastResent = now };
        _log.Info("A peer is still at height {0}; re-sending its decision", height);
        foreach (var (kind, payload) in entry.Decision.Decision) _propagator.Tell(new Propagate(kind, payload, Resend: true));
    }

    private void Buffer(ulong height, ConsensusInput input)
    {
        if (_futureCount >= ConsensusMachine.MaxBufferedMessages)
        {
            _log.Warning("Consensus buffer full ({0} messages for future heights); dropping one for height {1}", _futureCount, height);
            return;
        }
        if (!_future.TryGetValue(height, out var list)) _future[height] = list = [];
        list.Add(input);
        _futureCount++;
    }
}
