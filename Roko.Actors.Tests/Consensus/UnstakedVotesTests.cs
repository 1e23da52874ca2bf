using System.Collections.Immutable;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

/// <summary>Sybil resistance in the state machine: only keys of the height's validator set (stake ≥ the minimum) count.</summary>
public sealed class UnstakedVotesTests
{
    private readonly ConsensusFixture _fixture = new();
    private static readonly SigningKey[] Outsiders = [.. Enumerable.Range(0, 5).Select(i => Key($"sybil-{i}"))];

    [Fact]
    public void Votes_should_be_ignored_when_their_keys_are_not_in_the_validator_set()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now); // local prevotes the block
        var others = _fixture.Others(local).ToList();

        // One other validator and five stakeless keys: 2 of 4 validators, no polka however many outsiders sign.
        var effects = FeedVotes(machine, [others[0], .. Outsiders], VoteType.Prevote, 1, 0, block.Hash);
        Assert.Empty(VotesCast(effects, VoteType.Precommit));

        // A third real validator makes the polka: the outsiders never counted.
        effects = FeedVotes(machine, [others[1]], VoteType.Prevote, 1, 0, block.Hash);
        Assert.Equal(block.Hash, Assert.Single(VotesCast(effects, VoteType.Precommit)).BlockHash);
    }

    [Fact]
    public void A_stake_below_the_minimum_should_not_make_a_validator_so_its_votes_are_ignored()
    {
        var parameters = new ChainParameters(Amount.FromRoko(32_000), 0, 60_000_000_000, 1000, 1 << 20);
        var stakes = ImmutableSortedDictionary.CreateRange(
            _fixture.Keys.Select(k => KeyValuePair.Create(k.PublicKey, new StakeEntry(Amount.FromRoko(40_000), T0, "na")))
                .Append(KeyValuePair.Create(Outsiders[0].PublicKey, new StakeEntry(Amount.FromRoko(31_999), T0, "na"))));
        var state = new LedgerState(ChainId, parameters, 0, Hash32.Zero, T0, T0, ImmutableSortedDictionary<Address, Amount>.Empty, stakes);
        Assert.Equal(4, state.Validators.Count);
        Assert.False(state.Validators.Contains(Outsiders[0].PublicKey));

        var local = _fixture.NonProposerKey(1, 0);
        var machine = new ConsensusMachine(ChainId, local, Settings);
        machine.Handle(new ConsensusInput.StartHeight(1, state.Validators, _ => null), Now);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        var effects = FeedVotes(machine, [_fixture.Others(local).First(), Outsiders[0]], VoteType.Prevote, 1, 0, block.Hash);

        Assert.Empty(VotesCast(effects, VoteType.Precommit));
    }
}
