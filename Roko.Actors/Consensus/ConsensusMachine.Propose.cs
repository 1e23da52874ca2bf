using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

public sealed partial class ConsensusMachine
{
    // Entry: a new height (round 0), the precommit timeout of the previous round, or > 1/3 of stake heard in a later round.
    private void StartRound(uint round)
    {
        EnterRound(round, ConsensusStep.Propose);
        Schedule(ConsensusStep.Propose, _settings.ProposeTimeout(round));
        if (IsLocalProposer(round)) ProposeOrAskForBlock();
    }

    // Stands at (round, step) with nothing of that round done yet: StartRound, or a height resumed from the signing record.
    private void EnterRound(uint round, ConsensusStep step)
    {
        Round = round;
        Step = step;
        _prevoteTimeoutScheduled = false;
        _precommitTimeoutScheduled = false;
        _polkaSeenThisRound = false;
        _withheldVote = null;
    }

    // The proposer of the current round proposes its valid value if it has one, otherwise asks the driver for a block.
    private void ProposeOrAskForBlock()
    {
        if (ValidBlock is { } valid) Propose(valid, ValidRound);
        else _effects.Add(new ConsensusEffect.ProposeBlock(Height, Round));
    }

    // Entry: the driver answers ProposeBlock for the current (height, round) while this node still has to propose.
    private void OnProposalReady(ConsensusInput.ProposalReady ready)
    {
        if (_votes is null || ready.Height != Height || ready.Round != Round || Step != ConsensusStep.Propose) return;
        if (!IsLocalProposer(Round) || _proposals.ContainsKey(Round) || ready.Block.Height != Height) return;
        Propose(ready.Block, Proposal.NoPolRound);
    }

    // Signs (once the signing record allows it; the record effect comes first), broadcasts and counts this node's proposal.
    private void Propose(ProposedBlock block, int polRound)
    {
        if (SignProposal(block, polRound) is not { } proposal) return;
        _effects.Add(new ConsensusEffect.BroadcastProposal(proposal));
        Accept(Arrived(proposal, _now));
    }

    // Entry (paper line 22): step Propose and the round's first proposal is new (pol round −1). Prevote it when it is
    // valid, timely, and this node is not locked on another block; otherwise prevote nil.
    private bool TryPrevoteOnNewProposal()
    {
        if (Step != ConsensusStep.Propose || !_proposals.TryGetValue(Round, out var proposals)) return false;
        var first = proposals.First;
        if (first.Proposal.PolRound != Proposal.NoPolRound) return false;
        if (!IsValid(first.Block)) PrevoteNil(NilPrevoteReason.InvalidBlock, $"block {first.Block.Hash.Short}: {_validity[first.Block.Hash]}");
        else if (first.Timeliness != TimelinessVerdict.Timely) PrevoteNil(Untimely(first));
        else if (LockedRound != NoRound && LockedBlock!.Hash != first.Block.Hash) PrevoteNil(LockedOnOther(first));
        else EnterPrevote(first.Block.Hash);
        return true;
    }

    // Entry (paper line 28): step Propose, the round's first proposal re-proposes a block with pol round vr < round,
    // and > 2/3 of stake prevoted that block in vr. Prevote it when valid and this node's lock is not newer than vr
    // (or is on the same block); otherwise prevote nil.
    private bool TryPrevoteOnReproposal()
    {
        if (Step != ConsensusStep.Propose || !_proposals.TryGetValue(Round, out var proposals)) return false;
        var first = proposals.First;
        int polRound = first.Proposal.PolRound;
        if (polRound == Proposal.NoPolRound) return false;
        if (!CurrentValidators.IsQuorum(_votes!.Of((uint)polRound, VoteType.Prevote).StakeFor(first.Block.Hash))) return false;
        if (!IsValid(first.Block)) PrevoteNil(NilPrevoteReason.InvalidBlock, $"block {first.Block.Hash.Short}: {_validity[first.Block.Hash]}");
        else if (LockedRound > polRound && LockedBlock!.Hash != first.Block.Hash) PrevoteNil(LockedOnOther(first));
        else EnterPrevote(first.Block.Hash);
        return true;
    }

    // Entry: the propose timeout of the current (height, round) fired while still in step Propose.
    private void OnTimeoutPropose()
    {
        if (Step == ConsensusStep.Propose)
            PrevoteNil(NilPrevoteReason.NoProposal, $"no proposal from {ProposerOf(Round).Bytes.Short} within {_settings.ProposeTimeout(Round).TotalMilliseconds:F0} ms");
    }

    private void PrevoteNil((NilPrevoteReason Reason, string Detail) why) => PrevoteNil(why.Reason, why.Detail);

    // Says why (when this validator casts the vote now: not while its signing is withheld), then prevotes nil.
    private void PrevoteNil(NilPrevoteReason reason, string detail)
    {
        if (IsSigner && _signingAllowed && !_recordAhead) _effects.Add(new ConsensusEffect.PrevotedNil(Height, Round, reason, detail));
        EnterPrevote(Hash32.Zero);
    }

    // The figures of an untimely arrival: how far from its block time the receiving clock was, against the round's window.
    private (NilPrevoteReason, string) Untimely(AcceptedProposal proposal)
    {
        var blockTime = proposal.Block.Header.BlockTime;
        var window = _settings.TimelinessIn(proposal.Proposal.Round);
        var reason = proposal.Timeliness == TimelinessVerdict.TooEarly ? NilPrevoteReason.TooEarly : NilPrevoteReason.TooLate;
        if (proposal.ReceivedAt.Earliest == NanoMoment.MinValue || proposal.ReceivedAt.Latest == NanoMoment.MaxValue)
            return (reason, $"block {proposal.Block.Hash.Short}: this node's clock was unbounded when it arrived");
        return reason == NilPrevoteReason.TooEarly
            ? (reason, $"block {proposal.Block.Hash.Short} arrived {Millis(blockTime - proposal.ReceivedAt.Earliest)} ms before its block time " +
                       $"(precision allows {Millis(window.PrecisionNanos)} ms)")
            : (reason, $"block {proposal.Block.Hash.Short} arrived {Millis(proposal.ReceivedAt.Latest - blockTime)} ms after its block time " +
                       $"(round {proposal.Proposal.Round} allows message delay {Millis(window.MessageDelayNanos)} ms + precision {Millis(window.PrecisionNanos)} ms)");
    }

    private (NilPrevoteReason, string) LockedOnOther(AcceptedProposal proposal) =>
        (NilPrevoteReason.LockedOnOther, $"block {proposal.Block.Hash.Short} proposed, locked on {LockedBlock!.Hash.Short} since round {LockedRound}");

    private static string Millis(long nanos) => Nanoseconds.ToMilliseconds(nanos).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    private void EnterPrevote(Hash32 blockHash)
    {
        Step = ConsensusStep.Prevote;
        CastVote(VoteType.Prevote, blockHash);
    }
}
