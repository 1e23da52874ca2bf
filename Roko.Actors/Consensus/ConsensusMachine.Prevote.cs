using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

public sealed partial class ConsensusMachine
{
    private bool _prevoteTimeoutScheduled;
    private bool _polkaSeenThisRound;

    // Entry (paper line 34): step Prevote and > 2/3 of stake prevoted (for anything) in this round, the first time.
    private bool TryScheduleTimeoutPrevote()
    {
        if (Step != ConsensusStep.Prevote || _prevoteTimeoutScheduled) return false;
        if (!CurrentValidators.IsQuorum(_votes!.Of(Round, VoteType.Prevote).TotalStake)) return false;
        _prevoteTimeoutScheduled = true;
        Schedule(ConsensusStep.Prevote, _settings.PrevoteTimeout(Round));
        return true;
    }

    // Entry (paper line 36): step Prevote or later, a polka (> 2/3 of stake prevoting one block) in this round for a
    // valid block proposed in this round, the first time. In step Prevote the node locks on it and precommits it;
    // in any case it becomes the valid block, which this node re-proposes when it is proposer again. Both are recorded
    // (with the precommit, when it is signed) before the precommit is sent.
    private bool TryPrecommitOnPolka()
    {
        if (Step < ConsensusStep.Prevote || _polkaSeenThisRound) return false;
        if (_votes!.Of(Round, VoteType.Prevote).BlockWithQuorum(CurrentValidators) is not { } polka) return false;
        if (_proposals.GetValueOrDefault(Round)?.ForBlock(polka) is not { } proposal || !IsValid(proposal.Block)) return false;
        _polkaSeenThisRound = true;
        ValidBlock = proposal.Block;
        ValidRound = (int)Round;
        if (Step == ConsensusStep.Prevote)
        {
            LockedBlock = proposal.Block;
            LockedRound = (int)Round;
            EnterPrecommit(polka);
        }
        RecordRoundState();
        return true;
    }

    // Entry (paper line 44): step Prevote and > 2/3 of stake prevoted nil in this round.
    private bool TryPrecommitNilOnNilPolka()
    {
        if (Step != ConsensusStep.Prevote) return false;
        if (!CurrentValidators.IsQuorum(_votes!.Of(Round, VoteType.Prevote).StakeFor(Hash32.Zero))) return false;
        EnterPrecommit(Hash32.Zero);
        return true;
    }

    // Entry: the prevote timeout of the current (height, round) fired while still in step Prevote.
    private void OnTimeoutPrevote()
    {
        if (Step == ConsensusStep.Prevote) EnterPrecommit(Hash32.Zero);
    }

    private void EnterPrecommit(Hash32 blockHash)
    {
        Step = ConsensusStep.Precommit;
        CastVote(VoteType.Precommit, blockHash);
    }
}
