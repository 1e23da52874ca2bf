using System.Collections.Immutable;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

public sealed class SlashingTests
{
    private const uint FivePercentPpm = 50_000;
    private readonly ConsensusFixture _fixture = new(40_000, 40_000, 40_000, 40_000);

    private LedgerState State()
    {
        var parameters = new ChainParameters(Amount.FromRoko(32_000), 0, 60_000_000_000, 1000, 1 << 20);
        var stakes = ImmutableSortedDictionary.CreateRange(_fixture.Validators.Validators.Select(v =>
            KeyValuePair.Create(v.Key, new StakeEntry(v.Stake, T0, v.Region))));
        return new LedgerState(ChainId, parameters, 5, Hash32.Zero, T0, T0, ImmutableSortedDictionary<Address, Amount>.Empty, stakes);
    }

    private DuplicateVoteEvidence EvidenceAgainst(SigningKey key) => DuplicateVoteEvidence.Create(
        Vote(key, VoteType.Precommit, 5, 0, _fixture.Block(5, "a").Hash), Vote(key, VoteType.Precommit, 5, 0, _fixture.Block(5, "b").Hash));

    [Fact]
    public void Apply_should_burn_the_fraction_and_remove_the_validator_when_evidence_is_committed()
    {
        var state = State();
        var cheater = _fixture.Keys[2];
        Assert.True(state.Validators.Contains(cheater.PublicKey));

        var result = Slashing.Apply(state, EvidenceAgainst(cheater), FivePercentPpm);

        Assert.True(result.IsApplied, result.Error);
        Assert.Equal(Amount.FromRoko(2_000), result.Burnt);
        Assert.False(result.State!.Validators.Contains(cheater.PublicKey));
        Assert.Equal(3, result.State.Validators.Count);
        Assert.Equal(Amount.FromRoko(38_000), result.State.BalanceOf(cheater.PublicKey.ToAddress()));
        Assert.NotEqual(state.ComputeStateRoot(), result.State.ComputeStateRoot());
    }

    [Fact]
    public void Apply_should_change_nothing_when_the_validator_was_already_slashed()
    {
        var cheater = _fixture.Keys[1];
        var once = Slashing.Apply(State(), EvidenceAgainst(cheater), FivePercentPpm).State!;

        var twice = Slashing.Apply(once, EvidenceAgainst(cheater), FivePercentPpm);

        Assert.False(twice.IsApplied);
        Assert.Contains("no stake", twice.Error);
    }

    [Fact]
    public void Apply_should_refuse_evidence_when_it_does_not_verify()
    {
        var key = _fixture.Keys[0];
        var a = Vote(key, VoteType.Precommit, 5, 0, _fixture.Block(5, "a").Hash);
        var forged = DuplicateVoteEvidence.Create(a, Vote(key, VoteType.Precommit, 5, 0, _fixture.Block(5, "b").Hash) with { Signature = a.Signature });

        var result = Slashing.Apply(State(), forged, FivePercentPpm);

        Assert.False(result.IsApplied);
        Assert.True(State().Validators.Contains(key.PublicKey));
    }

    [Fact]
    public void Apply_should_burn_everything_when_the_fraction_is_a_million_ppm()
    {
        var cheater = _fixture.Keys[3];

        var result = Slashing.Apply(State(), EvidenceAgainst(cheater), 1_000_000);

        Assert.Equal(Amount.FromRoko(40_000), result.Burnt);
        Assert.Equal(Amount.Zero, result.State!.BalanceOf(cheater.PublicKey.ToAddress()));
    }
}
