using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// The machine and its signing record: the record effect comes before every broadcast it guards, a height resumes from
/// the record after a restart (round, step, lock, own messages), and what the record refuses is never sent.
/// </summary>
public sealed class SigningRecordMachineTests
{
    private readonly ConsensusFixture _fixture = new();

    private static int IndexOf<T>(IReadOnlyList<ConsensusEffect> effects) where T : ConsensusEffect =>
        effects.ToList().FindIndex(e => e is T);

    /// <summary>A validator proposing neither round 0 nor 1 that prevoted the proposal and, on the polka, locked and precommitted it.</summary>
    private (ConsensusMachine Machine, SigningKey Key, ProposedBlock Block) LockedInRoundZero()
    {
        var proposers = new[] { _fixture.ProposerKey(1, 0).PublicKey, _fixture.ProposerKey(1, 1).PublicKey };
        var key = _fixture.Keys.First(k => !proposers.Contains(k.PublicKey));
        var machine = _fixture.Machine(key);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        FeedVotes(machine, _fixture.Others(key).Take(2), VoteType.Prevote, 1, 0, block.Hash);
        Assert.Equal(ConsensusStep.Precommit, machine.Step);
        return (machine, key, block);
    }

    private ConsensusMachine Restarted(SigningKey key, SigningRecord? stored, out IReadOnlyList<ConsensusEffect> effects, ulong height = 1)
    {
        var machine = new ConsensusMachine(ChainId, key, Settings);
        effects = machine.Handle(new ConsensusInput.StartHeight(height, _fixture.Validators, _ => null, stored), Now);
        return machine;
    }

    [Fact]
    public void Machine_should_emit_the_record_holding_the_vote_before_broadcasting_it()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        var block = _fixture.Block(1);

        var effects = machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        int record = IndexOf<ConsensusEffect.RecordSigning>(effects);
        int broadcast = IndexOf<ConsensusEffect.BroadcastVote>(effects);
        Assert.True(record >= 0 && record < broadcast, string.Join(", ", effects.Select(e => e.GetType().Name)));
        var stored = ((ConsensusEffect.RecordSigning)effects[record]).Record;
        Assert.Equal(((ConsensusEffect.BroadcastVote)effects[broadcast]).Vote, stored.Prevote);
        Assert.Equal((1UL, 0U, ConsensusStep.Prevote), (stored.Height, stored.Round, stored.Step));
    }

    [Fact]
    public void Machine_should_record_the_lock_and_the_precommit_in_one_write_before_sending_the_precommit()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        var effects = FeedVotes(machine, _fixture.Others(key).Take(2), VoteType.Prevote, 1, 0, block.Hash);

        var record = Assert.Single(effects.OfType<ConsensusEffect.RecordSigning>()).Record;
        Assert.True(IndexOf<ConsensusEffect.RecordSigning>(effects) < IndexOf<ConsensusEffect.BroadcastVote>(effects));
        Assert.Equal((0, block.Hash, 0, block.Hash), (record.LockedRound, record.LockedBlock!.Hash, record.ValidRound, record.ValidBlock!.Hash));
        Assert.Equal(block.Hash, record.Precommit!.BlockHash);
    }

    [Fact]
    public void Machine_should_resume_at_the_records_round_and_step_with_its_lock_and_send_its_signed_votes_again()
    {
        var (before, key, block) = LockedInRoundZero();

        var after = Restarted(key, before.SigningRecord, out var effects);

        Assert.Equal((0U, ConsensusStep.Precommit, 0, block.Hash), (after.Round, after.Step, after.LockedRound, after.LockedBlock!.Hash));
        var resent = effects.OfType<ConsensusEffect.BroadcastVote>().Select(b => b.Vote).ToList();
        Assert.Equal([before.SigningRecord!.Prevote!, before.SigningRecord.Precommit!], resent);
        Assert.Single(effects.OfType<ConsensusEffect.HeightResumed>());
        Assert.Empty(effects.OfType<ConsensusEffect.RecordSigning>());
    }

    [Fact]
    public void Resumed_machine_should_count_its_own_precommit_towards_a_decision()
    {
        var (before, key, block) = LockedInRoundZero();
        var after = Restarted(key, before.SigningRecord, out _);
        after.Handle(Received(_fixture.Proposal(block, 0)), Now);

        var effects = FeedVotes(after, _fixture.Others(key).Take(2), VoteType.Precommit, 1, 0, block.Hash);

        Assert.Equal(block.Hash, Assert.Single(effects.OfType<ConsensusEffect.CommitBlock>()).Block.Hash);
    }

    [Fact]
    public void Resumed_locked_machine_should_prevote_nil_for_another_block_in_a_later_round()
    {
        var (before, key, _) = LockedInRoundZero();
        var after = Restarted(key, before.SigningRecord, out _);
        after.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Precommit), Now);
        var other = _fixture.Block(1, "b");

        var effects = after.Handle(Received(_fixture.Proposal(other, 1)), Now);

        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void Resumed_proposer_should_send_its_proposal_again_and_never_propose_a_second_block_for_that_round()
    {
        var key = _fixture.ProposerKey(1, 0);
        var before = new ConsensusMachine(ChainId, key, Settings);
        before.Handle(new ConsensusInput.StartHeight(1, _fixture.Validators, _ => null), Now);
        var first = _fixture.Block(1, "a");
        var proposed = Assert.Single(before.Handle(new ConsensusInput.ProposalReady(1, 0, first), Now).OfType<ConsensusEffect.BroadcastProposal>());
        var stored = before.SigningRecord! with { Prevote = null, Step = ConsensusStep.Propose }; // crashed before its prevote was recorded

        var after = Restarted(key, stored, out var effects);
        var second = after.Handle(new ConsensusInput.ProposalReady(1, 0, _fixture.Block(1, "b")), Now);

        Assert.DoesNotContain(effects, e => e is ConsensusEffect.ProposeBlock);
        Assert.Equal(proposed.Proposal, Assert.Single(effects.OfType<ConsensusEffect.BroadcastProposal>()).Proposal);
        Assert.Equal(first.Hash, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash); // it prevotes its own proposal
        Assert.DoesNotContain(second, e => e is ConsensusEffect.BroadcastProposal or ConsensusEffect.SigningRefused);
    }

    [Fact]
    public void Machine_should_refuse_and_send_nothing_when_its_record_holds_another_vote_for_the_same_round_and_step()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var block = _fixture.Block(1);
        // A record whose prevote for another block was stored while the position stayed at Propose: only a bug or a
        // damaged store makes one, and the machine must still not sign the conflicting prevote.
        var stored = SigningRecord.Empty(ChainId, key.PublicKey).At(1, 0, ConsensusStep.Propose, -1, null, -1, null)
            with { Prevote = Vote(key, VoteType.Prevote, 1, 0, _fixture.Block(1, "other").Hash) };
        var machine = Restarted(key, stored, out _);

        var effects = machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        var refused = Assert.Single(effects.OfType<ConsensusEffect.SigningRefused>());
        Assert.Equal((SigningRefusalReason.ConflictingValue, ConsensusStep.Prevote), (refused.Reason, refused.Step));
        Assert.DoesNotContain(effects, e => e is ConsensusEffect.BroadcastVote or ConsensusEffect.RecordSigning);
    }

    [Fact]
    public void Machine_should_follow_without_signing_when_the_record_is_at_a_later_height()
    {
        var key = _fixture.ProposerKey(3, 0);
        var stored = SigningRecord.Empty(ChainId, key.PublicKey).At(5, 0, ConsensusStep.Prevote, -1, null, -1, null);

        var machine = Restarted(key, stored, out var effects, height: 3);
        var timedOut = machine.Handle(new ConsensusInput.TimeoutFired(3, 0, ConsensusStep.Propose), Now);

        var ahead = Assert.Single(effects.OfType<ConsensusEffect.SigningRecordAhead>());
        Assert.Equal((3UL, 5UL), (ahead.Height, ahead.RecordHeight));
        Assert.DoesNotContain(effects, e => e is ConsensusEffect.ProposeBlock);
        Assert.Empty(timedOut.OfType<ConsensusEffect.BroadcastVote>());
        Assert.Empty(timedOut.OfType<ConsensusEffect.RecordSigning>());
        Assert.Equal(ConsensusStep.Prevote, machine.Step); // it still follows the height
    }

    [Fact]
    public void Machine_should_record_a_lock_taken_while_the_signing_gate_is_shut()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(key);
        machine.Handle(new ConsensusInput.SigningChanged(false), Now);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        var effects = FeedVotes(machine, _fixture.Others(key), VoteType.Prevote, 1, 0, block.Hash);

        var record = Assert.Single(effects.OfType<ConsensusEffect.RecordSigning>()).Record;
        Assert.Equal((0, block.Hash), (record.LockedRound, record.LockedBlock!.Hash));
        Assert.Null(record.Precommit);
        Assert.Empty(effects.OfType<ConsensusEffect.BroadcastVote>());
    }

    [Fact]
    public void Machine_should_refuse_a_record_of_another_validator()
    {
        var key = _fixture.NonProposerKey(1, 0);
        var other = _fixture.Others(key).First();

        Assert.Throws<ArgumentException>(() => Restarted(key, SigningRecord.Empty(ChainId, other.PublicKey), out _));
    }
}
