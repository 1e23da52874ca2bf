using Roko.Actors.Consensus;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

public sealed class ConsensusStepTests
{
    private readonly ConsensusFixture _fixture = new();

    [Fact]
    public void StartHeight_should_ask_for_a_block_and_schedule_the_propose_timeout_when_this_node_is_proposer()
    {
        var machine = new ConsensusMachine(ChainId, _fixture.ProposerKey(1, 0), Settings);

        var effects = machine.Handle(new ConsensusInput.StartHeight(1, _fixture.Validators, _ => null), Now);

        Assert.Contains(new ConsensusEffect.ProposeBlock(1, 0), effects);
        Assert.Contains(new ConsensusEffect.ScheduleTimeout(1, 0, ConsensusStep.Propose, Settings.TimeoutPropose), effects);
        Assert.Equal(ConsensusStep.Propose, machine.Step);
    }

    [Fact]
    public void StartHeight_should_only_schedule_the_propose_timeout_when_this_node_is_not_proposer()
    {
        var machine = new ConsensusMachine(ChainId, _fixture.NonProposerKey(1, 0), Settings);

        var effects = machine.Handle(new ConsensusInput.StartHeight(1, _fixture.Validators, _ => null), Now);

        Assert.Equal([new ConsensusEffect.ScheduleTimeout(1, 0, ConsensusStep.Propose, Settings.TimeoutPropose)], effects);
    }

    [Fact]
    public void ProposalReady_should_broadcast_a_signed_proposal_and_prevote_it_when_this_node_is_proposer()
    {
        var local = _fixture.ProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);

        var effects = machine.Handle(new ConsensusInput.ProposalReady(1, 0, block), Now);

        var proposal = Assert.Single(effects.OfType<ConsensusEffect.BroadcastProposal>()).Proposal;
        Assert.True(proposal.VerifySignature());
        Assert.Equal(-1, proposal.PolRound);
        Assert.Equal(block.Hash, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
        Assert.Equal(ConsensusStep.Prevote, machine.Step);
    }

    [Fact]
    public void ProposalReceived_should_prevote_the_block_when_it_is_valid_timely_and_from_the_proposer()
    {
        var machine = _fixture.Machine(_fixture.NonProposerKey(1, 0));
        var block = _fixture.Block(1);

        var effects = machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        var prevote = Assert.Single(VotesCast(effects, VoteType.Prevote));
        Assert.Equal(block.Hash, prevote.BlockHash);
        Assert.Equal(Now, prevote.Clock);
        Assert.True(prevote.VerifySignature());
    }

    [Fact]
    public void ProposalReceived_should_prevote_nil_when_the_block_is_invalid()
    {
        var machine = _fixture.Machine(_fixture.NonProposerKey(1, 0), validator: _ => "bad state root");

        var effects = machine.Handle(Received(_fixture.Proposal(_fixture.Block(1), 0)), Now);

        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void ProposalReceived_should_be_ignored_when_it_is_not_signed_by_the_rounds_proposer()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        var forged = Proposal.Create(ChainId, 1, 0, -1, block, _fixture.NonProposerKey(1, 0));

        var effects = machine.Handle(Received(forged), Now);

        Assert.Empty(effects);
        Assert.Equal(ConsensusStep.Propose, machine.Step);
    }

    [Fact]
    public void TimeoutPropose_should_prevote_nil_when_no_proposal_came()
    {
        var machine = _fixture.Machine(_fixture.NonProposerKey(1, 0));

        var effects = machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), Now);

        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
        Assert.Equal(ConsensusStep.Prevote, machine.Step);
    }

    [Fact]
    public void Timeout_should_be_ignored_when_it_is_for_another_round()
    {
        var machine = _fixture.Machine(_fixture.NonProposerKey(1, 0));

        Assert.Empty(machine.Handle(new ConsensusInput.TimeoutFired(1, 3, ConsensusStep.Propose), Now));
        Assert.Empty(machine.Handle(new ConsensusInput.TimeoutFired(0, 0, ConsensusStep.Propose), Now));
        Assert.Equal(ConsensusStep.Propose, machine.Step);
    }

    [Fact]
    public void Polka_should_lock_and_precommit_the_block_when_more_than_two_thirds_prevote_it()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        var effects = FeedVotes(machine, _fixture.Others(local).Take(2), VoteType.Prevote, 1, 0, block.Hash);

        Assert.Equal(block.Hash, Assert.Single(VotesCast(effects, VoteType.Precommit)).BlockHash);
        Assert.Equal(ConsensusStep.Precommit, machine.Step);
        Assert.Equal(block, machine.LockedBlock);
        Assert.Equal(0, machine.LockedRound);
        Assert.Equal(block, machine.ValidBlock);
    }

    [Fact]
    public void NilPolka_should_precommit_nil_when_more_than_two_thirds_prevote_nil()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), Now);

        var effects = FeedVotes(machine, _fixture.Others(local).Take(2), VoteType.Prevote, 1, 0, Hash32.Zero);

        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(effects, VoteType.Precommit)).BlockHash);
        Assert.Null(machine.LockedBlock);
    }

    [Fact]
    public void MixedPrevotes_should_schedule_the_prevote_timeout_and_precommit_nil_when_it_fires()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        var others = _fixture.Others(local).ToList();

        var effects = FeedVotes(machine, [others[0]], VoteType.Prevote, 1, 0, Hash32.Zero);
        effects.AddRange(FeedVotes(machine, [others[1]], VoteType.Prevote, 1, 0, _fixture.Block(1, "b").Hash));

        Assert.Contains(new ConsensusEffect.ScheduleTimeout(1, 0, ConsensusStep.Prevote, Settings.TimeoutPrevote), effects);
        Assert.Empty(VotesCast(effects, VoteType.Precommit));
        var onTimeout = machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Prevote), Now);
        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(onTimeout, VoteType.Precommit)).BlockHash);
    }

    [Fact]
    public void PrecommitQuorum_should_commit_the_block_with_a_certificate_that_verifies()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        FeedVotes(machine, _fixture.Others(local), VoteType.Prevote, 1, 0, block.Hash);

        var effects = FeedVotes(machine, _fixture.Others(local).Take(2), VoteType.Precommit, 1, 0, block.Hash);

        var commit = Assert.Single(effects.OfType<ConsensusEffect.CommitBlock>());
        Assert.Equal(block, commit.Block);
        Assert.Equal(3, commit.Certificate.Signatures.Length);
        Assert.Null(commit.Certificate.Verify(block.Header, _fixture.Validators));
        Assert.Equal(ConsensusStep.Commit, machine.Step);
    }

    [Fact]
    public void PrecommitQuorum_should_commit_even_from_an_earlier_round_when_the_proposal_is_known()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Precommit), Now);
        Assert.Equal(1u, machine.Round);

        var effects = FeedVotes(machine, _fixture.Others(local), VoteType.Precommit, 1, 0, block.Hash);

        Assert.Equal(0u, Assert.Single(effects.OfType<ConsensusEffect.CommitBlock>()).Certificate.Round);
    }

    [Fact]
    public void PrecommitTimeout_should_start_the_next_round_when_the_height_is_not_decided()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var others = _fixture.Others(local).ToList();
        // A quorum of precommits, split: one for a block, two nil — the block could still be decided in this round.
        var effects = FeedVotes(machine, others.Take(1), VoteType.Precommit, 1, 0, _fixture.Block(1).Hash);
        effects.AddRange(FeedVotes(machine, others.Skip(1), VoteType.Precommit, 1, 0, Hash32.Zero));
        Assert.Contains(new ConsensusEffect.ScheduleTimeout(1, 0, ConsensusStep.Precommit, Settings.TimeoutPrecommit), effects);
        Assert.Equal(0u, machine.Round);

        var next = machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Precommit), Now);

        Assert.Equal(1u, machine.Round);
        Assert.Equal(ConsensusStep.Propose, machine.Step);
        Assert.Contains(new ConsensusEffect.ScheduleTimeout(1, 1, ConsensusStep.Propose, Settings.ProposeTimeout(1)), next);
    }

    [Fact]
    public void NilPrecommits_should_start_the_next_round_at_once_when_more_than_two_thirds_of_stake_sent_them()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var others = _fixture.Others(local).ToList();

        var two = FeedVotes(machine, others.Take(2), VoteType.Precommit, 1, 0, Hash32.Zero);
        Assert.Equal(0u, machine.Round);
        var third = FeedVotes(machine, others.Skip(2), VoteType.Precommit, 1, 0, Hash32.Zero);

        Assert.Equal(1u, machine.Round);
        Assert.Equal(ConsensusStep.Propose, machine.Step);
        Assert.Contains(new ConsensusEffect.ScheduleTimeout(1, 1, ConsensusStep.Propose, Settings.ProposeTimeout(1)), third);
        Assert.DoesNotContain(two.Concat(third), e => e is ConsensusEffect.ScheduleTimeout { Step: ConsensusStep.Precommit });
    }

    [Fact]
    public void LaterRoundVotes_should_move_the_node_to_that_round_when_more_than_one_third_of_stake_sends_them()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var others = _fixture.Others(local).ToList();

        FeedVotes(machine, [others[0]], VoteType.Prevote, 1, 5, Hash32.Zero);
        Assert.Equal(0u, machine.Round);
        FeedVotes(machine, [others[1]], VoteType.Precommit, 1, 5, Hash32.Zero);

        Assert.Equal(5u, machine.Round);
    }

    [Fact]
    public void NextHeightMessages_should_be_kept_and_counted_when_that_height_starts()
    {
        var local = _fixture.NonProposerKey(2, 0);
        var machine = _fixture.Machine(local, height: 1);
        var block = _fixture.Block(2);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        FeedVotes(machine, _fixture.Others(local), VoteType.Precommit, 2, 0, block.Hash);

        var effects = machine.Handle(new ConsensusInput.StartHeight(2, _fixture.Validators, _ => null), Now);

        Assert.Equal(block, Assert.Single(effects.OfType<ConsensusEffect.CommitBlock>()).Block);
    }

    [Fact]
    public void DuplicateVote_should_be_idempotent_when_the_same_signed_vote_arrives_twice()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var vote = Vote(_fixture.Others(local).First(), VoteType.Prevote, 1, 0, Hash32.Zero);

        machine.Handle(Received(vote), Now);
        var again = machine.Handle(Received(vote), Now);

        Assert.Empty(again);
    }

    [Fact]
    public void NonValidatorVotes_should_be_ignored_when_counting_stake()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        var strangers = Enumerable.Range(0, 5).Select(i => Key($"stranger-{i}"));

        var effects = FeedVotes(machine, strangers, VoteType.Prevote, 1, 0, block.Hash);
        effects.AddRange(FeedVotes(machine, _fixture.Others(local).Take(1), VoteType.Prevote, 1, 0, block.Hash));

        Assert.Empty(effects);
        Assert.Equal(ConsensusStep.Prevote, machine.Step);
    }

    [Fact]
    public void VoteWithBadSignature_should_be_ignored()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), Now);
        var others = _fixture.Others(local).ToList();
        var good = Vote(others[0], VoteType.Prevote, 1, 0, Hash32.Zero);
        var forged = Vote(others[1], VoteType.Prevote, 1, 0, Hash32.Zero) with { Signature = good.Signature };

        var effects = machine.Handle(Received(good), Now).Concat(machine.Handle(Received(forged), Now));

        Assert.Empty(VotesCast(effects, VoteType.Precommit));
    }

    [Fact]
    public void Observer_should_commit_without_voting_when_it_has_no_key()
    {
        var machine = _fixture.Machine(null);
        var block = _fixture.Block(1);
        var effects = machine.Handle(Received(_fixture.Proposal(block, 0)), Now).ToList();
        effects.AddRange(FeedVotes(machine, _fixture.Keys, VoteType.Precommit, 1, 0, block.Hash));

        Assert.Empty(effects.OfType<ConsensusEffect.BroadcastVote>());
        Assert.Single(effects.OfType<ConsensusEffect.CommitBlock>());
    }
}
