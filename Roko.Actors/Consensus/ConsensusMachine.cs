using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>
/// One validator's Tendermint state machine (arXiv:1807.04938, with proposer-based timestamps and stake weights):
/// deterministic, no clock and no I/O. Every input enters through <see cref="Handle"/> with this node's clock
/// reading, and the effects it returns are the only way it acts. The rules of the paper are evaluated after every
/// input until none applies; each lives in the partial file of its phase (Propose, Prevote, Precommit).
/// </summary>
public sealed partial class ConsensusMachine
{
    /// <summary>Most proposals and votes of later heights kept until their height starts.</summary>
    public const int MaxBufferedMessages = 10_000;
    public const int NoRound = -1;

    private readonly string _chainId;
    private readonly SigningKey? _key;
    private readonly ConsensusSettings _settings;
    private readonly IConsensusSignatureCheck _signatures;
    private readonly List<ConsensusEffect> _effects = [];
    private readonly List<ConsensusInput> _laterHeights = [];
    private NanoInterval _now = NanoInterval.Unbounded;
    private bool _signingAllowed = true;

    private HeightVotes? _votes;
    private BlockValidator _validateBlock = _ => "no height started";
    private readonly Dictionary<uint, RoundProposals> _proposals = [];
    private readonly Dictionary<Hash32, string?> _validity = [];
    private readonly HashSet<(PublicKey Validator, uint Round, VoteType Type)> _evidenceReported = [];

    /// <param name="key">This validator's key, or null for a node that follows consensus without voting.</param>
    public ConsensusMachine(string chainId, SigningKey? key, ConsensusSettings settings, IConsensusSignatureCheck? signatures = null)
    {
        _chainId = chainId;
        _key = key;
        _settings = settings;
        _signatures = signatures ?? VerifyingSignatureCheck.Instance;
        _record = key is null ? null : SigningRecord.Empty(chainId, key.PublicKey);
    }

    public ulong Height { get; private set; }
    public uint Round { get; private set; }
    public ConsensusStep Step { get; private set; } = ConsensusStep.Commit;
    public ProposedBlock? LockedBlock { get; private set; }
    public int LockedRound { get; private set; } = NoRound;
    public ProposedBlock? ValidBlock { get; private set; }
    public int ValidRound { get; private set; } = NoRound;
    public ValidatorSet? Validators => _votes?.Validators;

    /// <summary>What this height heard, for watching it once decided (<see cref="LateVoteWatch"/>); null before a height starts.</summary>
    public DecidedHeightVotes? HeardVotes() =>
        _votes is null ? null : new DecidedHeightVotes(Height, _votes.Validators, [.. _votes.All], [.. _evidenceReported]);

    /// <summary>The validators of this height other than this node (whom its proposals and votes are for).</summary>
    public ImmutableArray<PublicKey> OtherValidators =>
        _votes is null ? [] : [.. _votes.Validators.Validators.Select(v => v.Key).Where(k => k != _key?.PublicKey)];

    /// <summary>
    /// The other validators of this height that have not voted for <paramref name="blockHash"/> in <paramref name="round"/>
    /// (prevote or precommit): a vote for a block shows its proposal arrived, so re-sending that round's proposal helps
    /// only the rest.
    /// </summary>
    public ImmutableArray<PublicKey> WithoutVoteFor(uint round, Hash32 blockHash)
    {
        var votes = _votes;
        return votes is null ? [] : [.. OtherValidators.Where(k => !votes.HasVotedFor(k, round, blockHash))];
    }

    /// <summary>Feeds one input; <paramref name="now"/> is this node's clock, used to sign the votes it casts.</summary>
    public IReadOnlyList<ConsensusEffect> Handle(ConsensusInput input, NanoInterval now)
    {
        _effects.Clear();
        _now = now;
        switch (input)
        {
            case ConsensusInput.StartHeight start: OnStartHeight(start); break;
            case ConsensusInput.ProposalReceived received: OnProposal(received); break;
            case ConsensusInput.ProposalReady ready: OnProposalReady(ready); break;
            case ConsensusInput.VoteReceived vote: OnVote(vote); break;
            case ConsensusInput.TimeoutFired timeout: OnTimeout(timeout); break;
            case ConsensusInput.SigningChanged signing: OnSigningChanged(signing.Allowed); break;
        }
        ApplyRules();
        return [.. _effects];
    }

    /// <summary>
    /// While false (<see cref="ConsensusInput.SigningChanged"/>) this validator neither proposes nor votes (see
    /// <see cref="SigningGate"/>); it keeps following the height and remembers what it withheld at its current step.
    /// </summary>
    public bool SigningAllowed => _signingAllowed;

    // The vote this validator would have cast at the current step while signing was not allowed.
    private (uint Round, VoteType Type, Hash32 BlockHash)? _withheldVote;

    // Entry: the signing gate opened or shut. Opened, cast what was withheld at the current round and step: the
    // proposal if this node proposes the round and is still in Propose, else the vote of the step it is in. Casting it
    // late is what an honest validator with a slow link does: the vote was decided under the same lock (a lock changes
    // only when leaving Prevote, and the withheld vote is cast only in the step that decided it).
    private void OnSigningChanged(bool allowed)
    {
        bool resumed = allowed && !_signingAllowed;
        _signingAllowed = allowed;
        if (!resumed || _votes is null || Step == ConsensusStep.Commit) return;
        if (Step == ConsensusStep.Propose)
        {
            if (IsLocalProposer(Round) && !_proposals.ContainsKey(Round)) ProposeOrAskForBlock();
            return;
        }
        var type = Step == ConsensusStep.Prevote ? VoteType.Prevote : VoteType.Precommit;
        if (_withheldVote is { } withheld && withheld.Round == Round && withheld.Type == type)
            CastVote(type, withheld.BlockHash);
    }

    public PublicKey ProposerOf(uint round) =>
        ProposerRotation.ProposerOf(Validators ?? throw new InvalidOperationException("no height started"), Height, round);

    private bool IsLocalProposer(uint round) => _key is not null && _signingAllowed && !_recordAhead && ProposerOf(round) == _key.PublicKey;

    // Entry: a later height than the current one (or the first height). The height starts from the signing record.
    private void OnStartHeight(ConsensusInput.StartHeight start)
    {
        if (_votes is not null && start.Height <= Height) return;
        AdoptRecord(start.Record);
        Height = start.Height;
        _votes = new HeightVotes(start.Validators);
        _validateBlock = start.ValidateBlock;
        _proposals.Clear();
        _validity.Clear();
        _evidenceReported.Clear();
        LockedBlock = null;
        LockedRound = NoRound;
        ValidBlock = null;
        ValidRound = NoRound;
        StartFromRecord();
        ReplayBufferedMessages();
    }

    private void ReplayBufferedMessages()
    {
        var due = _laterHeights.Where(m => HeightOf(m) == Height).ToList();
        _laterHeights.RemoveAll(m => HeightOf(m) <= Height);
        foreach (var message in due)
        {
            if (message is ConsensusInput.VoteReceived vote) OnVote(vote);
            else if (message is ConsensusInput.ProposalReceived proposal) OnProposal(proposal);
        }
    }

    private static ulong HeightOf(ConsensusInput message) => message switch
    {
        ConsensusInput.VoteReceived v => v.Vote.Height,
        ConsensusInput.ProposalReceived p => p.Proposal.Height,
        _ => 0,
    };

    /// <summary>True when the message is for a later height (then it is kept for it) or an earlier one (dropped).</summary>
    private bool IsNotForThisHeight(ConsensusInput message, ulong height)
    {
        if (_votes is null || height > Height)
        {
            if (_laterHeights.Count < MaxBufferedMessages) _laterHeights.Add(message);
            return true;
        }
        return height < Height;
    }

    private void OnVote(ConsensusInput.VoteReceived received)
    {
        var vote = received.Vote;
        if (vote.ChainId != _chainId || IsNotForThisHeight(received, vote.Height)) return;
        // Kept in the Commit step too (no rule runs there): a conflicting vote is still double signing.
        if (!_votes!.Validators.Contains(vote.Validator)) return;
        var set = _votes.Of(vote.Round, vote.Type);
        if (set.HasVoted(vote.Validator, vote.BlockHash) || !_signatures.IsValid(vote)) return;
        var existing = set.VoteOf(vote.Validator);
        if (_votes.Add(vote) == VoteAddition.Conflicting && existing is not null
            && _evidenceReported.Add((vote.Validator, vote.Round, vote.Type)))
            _effects.Add(new ConsensusEffect.EvidenceFound(DuplicateVoteEvidence.Create(existing, vote)));
    }

    private void OnProposal(ConsensusInput.ProposalReceived received)
    {
        var proposal = received.Proposal;
        if (proposal.ChainId != _chainId || IsNotForThisHeight(received, proposal.Height)) return;
        if (Step == ConsensusStep.Commit || proposal.Validate() is not null) return;
        if (proposal.Proposer != ProposerOf(proposal.Round)) return;
        var known = _proposals.GetValueOrDefault(proposal.Round);
        if (known?.ForBlock(proposal.Block.Hash) is not null || !_signatures.IsValid(proposal)) return;
        Accept(Arrived(proposal, received.ReceivedAt));
    }

    /// <summary>A proposal with the timeliness of its arrival at <paramref name="receivedAt"/>, judged by the window of its round.</summary>
    private AcceptedProposal Arrived(Proposal proposal, NanoInterval receivedAt) =>
        new(proposal, _settings.TimelinessIn(proposal.Round).Check(proposal.Block.Header.BlockTime, receivedAt), receivedAt);

    private void Accept(AcceptedProposal accepted)
    {
        uint round = accepted.Proposal.Round;
        if (_proposals.TryGetValue(round, out var known)) known.TryAdd(accepted);
        else _proposals[round] = new RoundProposals(accepted);
    }

    private void OnTimeout(ConsensusInput.TimeoutFired timeout)
    {
        if (_votes is null || timeout.Height != Height || timeout.Round != Round) return;
        switch (timeout.Step)
        {
            case ConsensusStep.Propose: OnTimeoutPropose(); break;
            case ConsensusStep.Prevote: OnTimeoutPrevote(); break;
            case ConsensusStep.Precommit: OnTimeoutPrecommit(); break;
        }
    }

    /// <summary>Evaluates the upon-rules until none applies; at most one fires per pass, then all are looked at again.</summary>
    private void ApplyRules()
    {
        if (_votes is null) return;
        bool progressed;
        do
        {
            if (Step == ConsensusStep.Commit) return;
            progressed = TryDecide()
                || TrySkipToLaterRound()
                || TryPrevoteOnNewProposal()
                || TryPrevoteOnReproposal()
                || TryScheduleTimeoutPrevote()
                || TryPrecommitOnPolka()
                || TryPrecommitNilOnNilPolka()
                || TryStartNextRoundOnNilPrecommits()
                || TryScheduleTimeoutPrecommit();
        } while (progressed);
    }

    private bool IsValid(ProposedBlock block)
    {
        if (!_validity.TryGetValue(block.Hash, out var problem))
            _validity[block.Hash] = problem = _validateBlock(block);
        return problem is null;
    }

    /// <summary>
    /// Signs and broadcasts this node's vote at the current (height, round), and counts it — once the signing record
    /// allows it (<see cref="SignVote"/>): the record effect comes before the broadcast.
    /// </summary>
    private void CastVote(VoteType type, Hash32 blockHash)
    {
        if (!IsSigner || _recordAhead) return;
        if (!_signingAllowed)
        {
            _withheldVote = (Round, type, blockHash);
            return;
        }
        _withheldVote = null;
        if (SignVote(type, blockHash) is not { } vote) return;
        _effects.Add(new ConsensusEffect.BroadcastVote(vote));
        _votes!.Add(vote);
    }

    private void Schedule(ConsensusStep step, TimeSpan duration) =>
        _effects.Add(new ConsensusEffect.ScheduleTimeout(Height, Round, step, duration));

    private ValidatorSet CurrentValidators => _votes!.Validators;
}
