using Roko.Actors.Consensus;
using Xunit;

namespace Roko.Actors.Tests.Consensus;

public sealed class ProposerRotationTests
{
    [Fact]
    public void ProposerOf_should_give_the_same_proposer_when_asked_twice()
    {
        var fixture = new ConsensusFixture(10, 20, 30, 40);

        for (ulong height = 1; height < 50; height++)
            Assert.Equal(ProposerRotation.ProposerOf(fixture.Validators, height, 2), ProposerRotation.ProposerOf(fixture.Validators, height, 2));
    }

    [Theory]
    [InlineData(new ulong[] { 1, 2, 3, 4 })]
    [InlineData(new ulong[] { 100, 100, 100, 100, 100, 100, 100 })]
    [InlineData(new ulong[] { 1, 1, 1, 97 })]
    [InlineData(new ulong[] { 32_000, 50_000, 1_000_000, 32_001, 77_777 })]
    public void ProposerOf_should_pick_each_validator_in_proportion_to_its_stake_when_heights_run_on(ulong[] stakes)
    {
        const int Heights = 20_000;
        const double Tolerance = 0.002;
        var fixture = new ConsensusFixture(stakes);
        var counts = fixture.Keys.ToDictionary(k => k.PublicKey, _ => 0);

        for (ulong height = 1; height <= Heights; height++)
            counts[ProposerRotation.ProposerOf(fixture.Validators, height, 0)]++;

        double total = stakes.Sum(s => (double)s);
        for (int i = 0; i < stakes.Length; i++)
            Assert.InRange((double)counts[fixture.Keys[i].PublicKey] / Heights, stakes[i] / total - Tolerance, stakes[i] / total + Tolerance);
    }

    [Fact]
    public void ProposerOf_should_be_proportional_over_rounds_of_one_height_too()
    {
        const uint Rounds = 10_000;
        const double Tolerance = 0.003;
        var fixture = new ConsensusFixture(1, 2, 3, 4);
        int heaviest = 0;

        for (uint round = 0; round < Rounds; round++)
            if (ProposerRotation.ProposerOf(fixture.Validators, 7, round) == fixture.Keys[3].PublicKey) heaviest++;

        Assert.InRange((double)heaviest / Rounds, 0.4 - Tolerance, 0.4 + Tolerance);
    }

    [Fact]
    public void ProposerOf_should_hand_over_to_another_validator_when_a_round_fails_with_equal_stakes()
    {
        var fixture = new ConsensusFixture(100, 100, 100, 100);

        for (ulong height = 1; height < 100; height++)
            Assert.NotEqual(ProposerRotation.ProposerOf(fixture.Validators, height, 0), ProposerRotation.ProposerOf(fixture.Validators, height, 1));
    }

    [Fact]
    public void ProposerOf_should_be_the_only_validator_when_there_is_one()
    {
        var fixture = new ConsensusFixture(5);

        Assert.Equal(fixture.Keys[0].PublicKey, ProposerRotation.ProposerOf(fixture.Validators, 12345, 17));
    }

    [Fact]
    public void Upcoming_should_name_the_distinct_proposers_of_the_first_rounds_of_the_next_heights_in_order()
    {
        var tip = Roko.Actors.Tests.Builders.Build.Chain().WithValidators(7).Build().State;

        var upcoming = ProposerRotation.Upcoming(tip, heights: 2, rounds: 2);

        var expected = new[] { (1UL, 0U), (1UL, 1U), (2UL, 0U), (2UL, 1U) }
            .Select(hr => ProposerRotation.ProposerOf(tip.Validators, tip.Height + hr.Item1, hr.Item2))
            .Distinct().ToList();
        Assert.Equal(expected, upcoming.ToArray());
        // step = height + round: (h+1, 1) and (h+2, 0) are the same step, so at most three distinct proposers.
        Assert.InRange(upcoming.Length, 1, 3);
        Assert.Equal([ProposerRotation.ProposerOf(tip.Validators, tip.Height + 1, 0)], ProposerRotation.Upcoming(tip, heights: 1, rounds: 1).ToArray());
    }
}
