using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

public sealed class LockingTests
{
    private const uint RoundsToPlay = 3;
    private readonly ConsensusFixture _fixture = new();
    private readonly SigningKey _local;
    private readonly ConsensusMachine _machine;
    private readonly ProposedBlock _a;
    private readonly ProposedBlock _b;

    public LockingTests()
    {
        var proposers = Enumerable.Range(0, (int)RoundsToPlay).Select(r => ProposerRotation.ProposerOf(_fixture.Validators, 1, (uint)r)).ToHashSet();
        _local = _fixture.Keys.First(k => !proposers.Contains(k.PublicKey));
        _machine = _fixture.Machine(_local);
        _a = _fixture.Block(1, "a");
        _b = _fixture.Block(1, "b");
    }

    private List<SigningKey> Others => [.. _fixture.Others(_local)];

    /// <summary>Round 0: A is proposed and gets a polka, so the local node locks on A; then the round times out.</summary>
    private void LockOnAInRoundZero()
    {
        _machine.Handle(Received(_fixture.Proposal(_a, 0)), Now);
        FeedVotes(_machine, Others.Take(2), VoteType.Prevote, 1, 0, _a.Hash);
        Assert.Equal(_a, _machine.LockedBlock);
        _machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Precommit), Now);
        Assert.Equal(1u, _machine.Round);
    }

    [Fact]
    public void LockedValidator_should_prevote_nil_when_a_different_block_is_newly_proposed()
    {
        LockOnAInRoundZero();

        var effects = _machine.Handle(Received(_fixture.Proposal(_b, 1)), Now);

        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void LockedValidator_should_prevote_its_locked_block_when_it_is_proposed_again()
    {
        LockOnAInRoundZero();

        var effects = _machine.Handle(Received(_fixture.Proposal(_a, 1, polRound: 0)), Now);

        Assert.Equal(_a.Hash, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void LockedValidator_should_wait_for_the_polka_when_a_reproposal_names_a_pol_round_it_has_not_seen()
    {
        LockOnAInRoundZero();
        _machine.Handle(new ConsensusInput.TimeoutFired(1, 1, ConsensusStep.Precommit), Now);

        var effects = _machine.Handle(Received(_fixture.Proposal(_b, 2, polRound: 1)), Now);

        Assert.Empty(VotesCast(effects, VoteType.Prevote));
        Assert.Equal(ConsensusStep.Propose, _machine.Step);
    }

    [Fact]
    public void LockedValidator_should_unlock_and_prevote_a_block_when_it_has_a_newer_polka()
    {
        LockOnAInRoundZero();
        _machine.Handle(new ConsensusInput.TimeoutFired(1, 1, ConsensusStep.Precommit), Now);
        FeedVotes(_machine, Others, VoteType.Prevote, 1, 1, _b.Hash);
        Assert.Equal(2u, _machine.Round);

        var effects = _machine.Handle(Received(_fixture.Proposal(_b, 2, polRound: 1)), Now);

        Assert.Equal(_b.Hash, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void LockedValidator_should_relock_when_a_polka_for_another_block_forms_in_its_current_round()
    {
        LockOnAInRoundZero();
        _machine.Handle(Received(_fixture.Proposal(_b, 1)), Now);

        var effects = FeedVotes(_machine, Others, VoteType.Prevote, 1, 1, _b.Hash);

        Assert.Equal(_b.Hash, Assert.Single(VotesCast(effects, VoteType.Precommit)).BlockHash);
        Assert.Equal(_b, _machine.LockedBlock);
        Assert.Equal(1, _machine.LockedRound);
    }

    [Fact]
    public void LockedValidator_should_prevote_nil_when_a_reproposal_is_backed_by_a_polka_older_than_its_lock()
    {
        LockOnAInRoundZero();
        _machine.Handle(Received(_fixture.Proposal(_b, 1)), Now);
        FeedVotes(_machine, Others, VoteType.Prevote, 1, 1, _b.Hash);
        _machine.Handle(new ConsensusInput.TimeoutFired(1, 1, ConsensusStep.Precommit), Now);
        Assert.Equal(1, _machine.LockedRound);

        var effects = _machine.Handle(Received(_fixture.Proposal(_a, 2, polRound: 0)), Now);

        Assert.Equal(Hash32.Zero, Assert.Single(VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void Proposer_should_repropose_its_valid_block_with_its_round_when_it_has_seen_a_polka()
    {
        var fixture = new ConsensusFixture();
        uint laterRound = Enumerable.Range(1, 50).Select(r => (uint)r)
            .First(r => ProposerRotation.ProposerOf(fixture.Validators, 1, r) != ProposerRotation.ProposerOf(fixture.Validators, 1, 0));
        var local = fixture.ProposerKey(1, laterRound);
        var machine = fixture.Machine(local);
        var block = fixture.Block(1);
        machine.Handle(Received(fixture.Proposal(block, 0)), Now);
        FeedVotes(machine, fixture.Others(local).Take(2), VoteType.Prevote, 1, 0, block.Hash);

        var effects = FeedVotes(machine, fixture.Others(local).Take(2), VoteType.Precommit, 1, laterRound, Hash32.Zero);

        var proposal = Assert.Single(effects.OfType<ConsensusEffect.BroadcastProposal>()).Proposal;
        Assert.Equal(block, proposal.Block);
        Assert.Equal(0, proposal.PolRound);
        Assert.Equal(laterRound, proposal.Round);
    }
}
