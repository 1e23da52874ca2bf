using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>
/// The signing record in the machine (docs/consensus.md §Signing record): every signature is checked against it first,
/// and every new version of it is emitted as <see cref="ConsensusEffect.RecordSigning"/> before the broadcast it guards,
/// so the driver stores it before anything leaves the node. A height starts from the record as stored.
/// </summary>
public sealed partial class ConsensusMachine
{
    // What this validator has signed and the round state it depends on, as last emitted to be stored (null: no key).
    private SigningRecord? _record;
    // The stored record is at a later height than this one: follow it without signing anything.
    private bool _recordAhead;

    /// <summary>This validator's signing record as the machine last emitted it (null for a node without a key).</summary>
    public SigningRecord? SigningRecord => _record;

    private bool IsSigner => _key is not null && _votes!.Validators.Contains(_key.PublicKey);

    private void AdoptRecord(SigningRecord? stored)
    {
        if (stored is null || _key is null) return;
        if (stored.ChainId != _chainId || stored.Validator != _key.PublicKey)
            throw new ArgumentException($"signing record of {stored.Validator.Bytes.Short} on '{stored.ChainId}' given to validator " +
                                        $"{_key.PublicKey.Bytes.Short} on '{_chainId}'", nameof(stored));
        _record = stored;
    }

    // Entry: a height starts. At the record's height the validator resumes where the record stands; below it, it follows
    // without signing until it is past the record (the record keeps what it signed up there, which this height cannot see).
    private void StartFromRecord()
    {
        _recordAhead = _record is not null && _record.Height > Height;
        if (_recordAhead)
        {
            _effects.Add(new ConsensusEffect.SigningRecordAhead(Height, _record!.Height));
            StartRound(0);
        }
        else if (_record is { } record && record.Height == Height && IsSigner) Resume(record);
        else StartRound(0);
    }

    // Entry: the record is at this height. Take back the lock and valid value, stand at the record's round and step
    // without proposing or voting again, count this validator's own signed messages, and send them again for peers
    // that missed them. At step Propose the own proposal is already there, so no second block is proposed.
    private void Resume(SigningRecord record)
    {
        LockedBlock = record.LockedBlock;
        LockedRound = record.LockedRound;
        ValidBlock = record.ValidBlock;
        ValidRound = record.ValidRound;
        EnterRound(record.Round, record.Step);
        _effects.Add(new ConsensusEffect.HeightResumed(record));
        if (record.Proposal is { } proposal)
        {
            _effects.Add(new ConsensusEffect.BroadcastProposal(proposal));
            Accept(Arrived(proposal, _now));
        }
        foreach (var vote in new[] { record.Prevote, record.Precommit })
        {
            if (vote is null) continue;
            _effects.Add(new ConsensusEffect.BroadcastVote(vote));
            _votes!.Add(vote);
        }
        if (Step != ConsensusStep.Propose) return;
        Schedule(ConsensusStep.Propose, _settings.ProposeTimeout(Round));
        if (IsLocalProposer(Round) && !_proposals.ContainsKey(Round)) ProposeOrAskForBlock();
    }

    /// <summary>Signs a vote at the current (height, round) unless the record refuses it; the identical stored one if it has it.</summary>
    private Vote? SignVote(VoteType type, Hash32 blockHash)
    {
        switch (_record!.CheckVote(type, Height, Round, blockHash))
        {
            case SigningCheck<Vote>.Identical identical:
                return identical.Stored;
            case SigningCheck<Vote>.Refused refused:
                _effects.Add(new ConsensusEffect.SigningRefused(SigningRecord.StepOf(type), Height, Round, refused.Reason, refused.Detail));
                return null;
        }
        var vote = Vote.Create(type, _chainId, Height, Round, blockHash, _now, _key!);
        Record(vote: vote);
        return vote;
    }

    /// <summary>Signs this node's proposal at the current (height, round) unless the record refuses it; the identical stored one if it has it.</summary>
    private Proposal? SignProposal(ProposedBlock block, int polRound)
    {
        switch (_record!.CheckProposal(Height, Round, polRound, block.Hash))
        {
            case SigningCheck<Proposal>.Identical identical:
                return identical.Stored;
            case SigningCheck<Proposal>.Refused refused:
                _effects.Add(new ConsensusEffect.SigningRefused(ConsensusStep.Propose, Height, Round, refused.Reason, refused.Detail));
                return null;
        }
        var proposal = Proposal.Create(_chainId, Height, Round, polRound, block, _key!);
        Record(proposal: proposal);
        return proposal;
    }

    /// <summary>Records a changed lock or valid value (no signature); nothing is emitted when the record already holds them.</summary>
    private void RecordRoundState()
    {
        if (_record is null || _recordAhead || !IsSigner) return;
        if (_record.HoldsRoundState(Height, LockedRound, LockedBlock, ValidRound, ValidBlock)) return;
        Record();
    }

    /// <summary>
    /// Emits the record at the current position with the current round state and the message just signed. Consecutive
    /// record effects merge into one (the later holds everything the earlier did, and nothing was sent in between).
    /// </summary>
    private void Record(Proposal? proposal = null, Vote? vote = null)
    {
        var next = _record!.At(Height, Round, Step, LockedRound, LockedBlock, ValidRound, ValidBlock);
        if (proposal is not null) next = next.WithProposal(proposal);
        if (vote is not null) next = next.WithVote(vote);
        _record = next;
        if (_effects.Count > 0 && _effects[^1] is ConsensusEffect.RecordSigning) _effects[^1] = new ConsensusEffect.RecordSigning(next);
        else _effects.Add(new ConsensusEffect.RecordSigning(next));
    }
}
