using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Consensus;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public sealed class CommitParticipationSpec
{
    [Fact]
    public void Participation_should_weigh_signers_by_stake_and_name_the_validators_missing()
    {
        var fixture = new ConsensusFixture(100, 100, 200);
        var signers = fixture.Keys.Take(2).ToList();
        var block = fixture.Block(1);
        var commit = CommitCertificate.FromVotes(1, 0, block.Hash,
            signers.Select(k => ConsensusFixture.Vote(k, VoteType.Precommit, 1, 0, block.Hash)));

        var participation = CommitParticipation.Of(fixture.Validators, commit);

        Assert.Equal(0.5, participation.Ratio, 9);
        var missing = Assert.Single(participation.Missing);
        Assert.Equal(fixture.Keys[2].PublicKey, missing.Key);
        Assert.Equal($"{fixture.Keys[2].PublicKey.Bytes.Short} (na)", Assert.Single(participation.MissingNames));
    }

    [Fact]
    public void Participation_should_be_whole_and_name_nobody_when_everyone_signed()
    {
        var fixture = new ConsensusFixture();
        var block = fixture.Block(1);
        var commit = CommitCertificate.FromVotes(1, 0, block.Hash,
            fixture.Keys.Select(k => ConsensusFixture.Vote(k, VoteType.Precommit, 1, 0, block.Hash)));

        var participation = CommitParticipation.Of(fixture.Validators, commit);

        Assert.Equal(1.0, participation.Ratio);
        Assert.Empty(participation.Missing);
    }
}
