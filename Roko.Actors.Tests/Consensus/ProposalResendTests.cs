using Roko.Actors.Consensus;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

/// <summary>Whom a proposer's proposal and its re-sends are addressed to: the other validators, less those known to have it.</summary>
public sealed class ProposalResendTests
{
    private readonly ConsensusFixture _fixture = new();

    [Fact]
    public void A_proposal_should_be_addressed_to_every_other_validator_of_the_height()
    {
        var local = _fixture.ProposerKey(1, 0);
        var machine = _fixture.Machine(local);

        Assert.Equal(_fixture.Others(local).Select(k => k.PublicKey).Order(), machine.OtherValidators.Order());
        Assert.DoesNotContain(local.PublicKey, machine.OtherValidators);
    }

    [Fact]
    public void A_re_sent_proposal_should_go_only_to_validators_with_no_vote_for_its_block_in_its_round()
    {
        var local = _fixture.ProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        var others = _fixture.Others(local).ToList();
        Assert.Equal(others.Count, machine.WithoutVoteFor(0, block.Hash).Length);

        // A prevote for the block shows it arrived; a precommit too; a nil prevote or a vote in another round does not.
        FeedVotes(machine, [others[0]], VoteType.Prevote, 1, 0, block.Hash);
        FeedVotes(machine, [others[1]], VoteType.Prevote, 1, 0, Hash32.Zero);
        FeedVotes(machine, [others[2]], VoteType.Prevote, 1, 1, block.Hash);

        Assert.Equal(others.Skip(1).Select(k => k.PublicKey).Order(), machine.WithoutVoteFor(0, block.Hash).Order());

        FeedVotes(machine, [others[1]], VoteType.Precommit, 1, 0, block.Hash);
        Assert.Equal([others[2].PublicKey], machine.WithoutVoteFor(0, block.Hash).ToArray());
        Assert.Equal(others.Where(k => k != others[2]).Select(k => k.PublicKey).Order(), machine.WithoutVoteFor(1, block.Hash).Order());
    }

    [Fact]
    public void Before_its_height_starts_a_machine_should_address_nobody()
    {
        var machine = new ConsensusMachine(ChainId, _fixture.ProposerKey(1, 0), Settings);
        Assert.Empty(machine.OtherValidators);
        Assert.Empty(machine.WithoutVoteFor(0, _fixture.Block(1).Hash));
    }
}
