using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

public sealed partial class ConsensusMachine
{
    private bool _precommitTimeoutScheduled;

    // Entry (paper line 47): > 2/3 of stake precommitted (for anything) in this round, the first time.
    private bool TryScheduleTimeoutPrecommit()
    {
        if (_precommitTimeoutScheduled) return false;
        if (!CurrentValidators.IsQuorum(_votes!.Of(Round, VoteType.Precommit).TotalStake)) return false;
        _precommitTimeoutScheduled = true;
        Schedule(ConsensusStep.Precommit, _settings.PrecommitTimeout(Round));
        return true;
    }

    // Entry: > 2/3 of stake precommitted nil in the current round. No block can be decided in this round any more (a
    // quorum of precommits for it would share more than a third of the stake with this one, so honest validators would
    // have precommitted twice), and timeout-precommit only waits for such a decision: start the next round at once
    // instead of idling for it. Moving on is always safe (locks, not rounds, keep decisions apart); a late quorum for a
    // block of this round is still decided by TryDecide, which looks at every round.
    private bool TryStartNextRoundOnNilPrecommits()
    {
        if (!CurrentValidators.IsQuorum(_votes!.Of(Round, VoteType.Precommit).StakeFor(Hash32.Zero))) return false;
        StartRound(Round + 1);
        return true;
    }

    // Entry (paper line 49): in any round r, > 2/3 of stake precommitted a block this node holds a proposal of and
    // finds valid. The height is decided: the certificate is made of those precommits.
    private bool TryDecide()
    {
        foreach (uint round in _votes!.RoundsWithPrecommits.Order())
        {
            var precommits = _votes.Of(round, VoteType.Precommit);
            if (precommits.BlockWithQuorum(CurrentValidators) is not { } decided) continue;
            if (_proposals.GetValueOrDefault(round)?.ForBlock(decided) is not { } proposal || !IsValid(proposal.Block)) continue;
            var certificate = CommitCertificate.FromVotes(Height, round, decided, precommits.VotesFor(decided));
            Step = ConsensusStep.Commit;
            _effects.Add(new ConsensusEffect.CommitBlock(proposal.Block, certificate, proposal.Proposal));
            return true;
        }
        return false;
    }

    // Entry (paper line 55): validators with > 1/3 of stake (so at least one honest) are voting in a later round;
    // jump to the latest such round.
    private bool TrySkipToLaterRound()
    {
        uint? later = null;
        foreach (uint round in _votes!.RoundsHeard)
            if (round > Round && (later is null || round > later)
                && StakeThresholds.ExceedsOneThird(CurrentValidators, _votes.StakeHeardIn(round)))
                later = round;
        if (later is not { } target) return false;
        StartRound(target);
        return true;
    }

    // Entry: the precommit timeout of the current (height, round) fired before the height was decided.
    private void OnTimeoutPrecommit()
    {
        if (Step != ConsensusStep.Commit) StartRound(Round + 1);
    }
}
