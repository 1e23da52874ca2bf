using Roko.Actors.Consensus;
using Roko.Actors.Ledger;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

public sealed class SigningGateTests
{
    private readonly ConsensusFixture _fixture = new();

    [Fact]
    public void SigningGate_should_stay_shut_until_every_holder_released_it()
    {
        var gate = SigningGate.Open.Hold(SigningGate.AlertingHolder, "drift").Hold("time-card", "no card");

        Assert.False(gate.Release(SigningGate.AlertingHolder).IsOpen);
        Assert.True(gate.Release(SigningGate.AlertingHolder).Release("time-card").IsOpen);
        Assert.Equal("held by alerting (drift); time-card (no card)", gate.ToString());
    }

    [Fact]
    public void SigningGate_should_keep_one_hold_per_holder_when_held_again()
    {
        var gate = SigningGate.Open.Hold(SigningGate.AlertingHolder, "first").Hold(SigningGate.AlertingHolder, "second");

        Assert.True(gate.Release(SigningGate.AlertingHolder).IsOpen);
    }

    [Fact]
    public void Machine_should_neither_prevote_nor_ask_for_a_block_when_signing_is_not_allowed()
    {
        var follower = _fixture.Machine(_fixture.NonProposerKey(1, 0));
        follower.Handle(new ConsensusInput.SigningChanged(false), Now);
        var effects = follower.Handle(Received(_fixture.Proposal(_fixture.Block(1), 0)), Now);
        Assert.DoesNotContain(effects, e => e is ConsensusEffect.BroadcastVote);

        var proposer = new ConsensusMachine(ChainId, _fixture.ProposerKey(1, 0), Settings);
        proposer.Handle(new ConsensusInput.SigningChanged(false), Now);
        var started = proposer.Handle(new ConsensusInput.StartHeight(1, _fixture.Validators, _ => null), Now);
        Assert.DoesNotContain(started, e => e is ConsensusEffect.ProposeBlock or ConsensusEffect.BroadcastProposal);
        Assert.Contains(started, e => e is ConsensusEffect.ScheduleTimeout);
    }

    [Fact]
    public void Machine_should_vote_again_at_its_next_step_when_signing_is_allowed_again()
    {
        var machine = _fixture.Machine(_fixture.NonProposerKey(1, 0));
        machine.Handle(new ConsensusInput.SigningChanged(false), Now);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);

        machine.Handle(new ConsensusInput.SigningChanged(true), Now);
        var others = _fixture.Others(_fixture.NonProposerKey(1, 0)).Take(3);
        var effects = FeedVotes(machine, others, VoteType.Prevote, 1, 0, block.Hash);

        var precommit = Assert.Single(effects.OfType<ConsensusEffect.BroadcastVote>());
        Assert.Equal(VoteType.Precommit, precommit.Vote.Type);
        Assert.Equal(block.Hash, precommit.Vote.BlockHash);
    }
}
