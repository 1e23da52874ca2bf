using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.Tests.Consensus.ConsensusFixture;

namespace Roko.Actors.Tests.Consensus;

/// <summary>Double signing whose votes arrive after the height was decided (<see cref="LateVoteWatch"/>), and the round's hand-over.</summary>
public sealed class LateVoteWatchTests
{
    private const int HeightsKept = 3;
    private const int VotesPerHeight = 100;
    private readonly ConsensusFixture _fixture = new();

    private LateVoteWatch Watch(int votesPerHeight = VotesPerHeight) => new(ChainId, HeightsKept, votesPerHeight);

    private DecidedHeightVotes Heard(ulong height, IReadOnlyList<Vote>? votes = null,
        IReadOnlyCollection<(PublicKey, uint, VoteType)>? reported = null) =>
        new(height, _fixture.Validators, votes ?? [], reported ?? []);

    private Vote For(SigningKey key, string variant, ulong height = 5, uint round = 0, VoteType type = VoteType.Prevote) =>
        Vote(key, type, height, round, _fixture.Block(height, variant).Hash);

    [Fact]
    public void Observe_should_report_once_when_a_late_vote_conflicts_with_one_the_round_heard()
    {
        var cheater = _fixture.Keys[3];
        var watch = Watch();
        watch.Decided(Heard(5, [For(cheater, "a")]));

        var evidence = watch.Observe(For(cheater, "b"));
        var again = watch.Observe(For(cheater, "c"));

        Assert.NotNull(evidence);
        Assert.Null(evidence.Verify());
        Assert.Equal(cheater.PublicKey, evidence.Validator);
        Assert.Equal(5ul, evidence.Height);
        Assert.Null(again);
    }

    [Fact]
    public void Observe_should_report_when_both_votes_of_a_pair_arrive_after_the_decision()
    {
        var cheater = _fixture.Keys[2];
        var watch = Watch();
        watch.Decided(Heard(5));

        Assert.Null(watch.Observe(For(cheater, "a")));
        Assert.Null(watch.Observe(For(cheater, "a"))); // the same vote re-sent is not an offence
        var evidence = watch.Observe(For(cheater, "b"));

        Assert.NotNull(evidence);
        Assert.Null(evidence.Verify());
    }

    [Fact]
    public void Observe_should_not_report_again_what_the_round_already_reported()
    {
        var cheater = _fixture.Keys[1];
        var watch = Watch();
        watch.Decided(Heard(5, [For(cheater, "a"), For(cheater, "b")], [(cheater.PublicKey, 0u, VoteType.Prevote)]));

        Assert.Null(watch.Observe(For(cheater, "c")));
    }

    [Fact]
    public void Observe_should_tell_rounds_and_types_apart()
    {
        var validator = _fixture.Keys[0];
        var watch = Watch();
        watch.Decided(Heard(5, [For(validator, "a")]));

        Assert.Null(watch.Observe(For(validator, "b", round: 1)));
        Assert.Null(watch.Observe(For(validator, "b", type: VoteType.Precommit)));
    }

    [Fact]
    public void Observe_should_change_nothing_when_the_vote_is_for_another_chain_an_unwatched_height_or_a_non_validator()
    {
        var cheater = _fixture.Keys[3];
        var outsider = Key("not-a-validator");
        var watch = Watch();
        watch.Decided(Heard(5, [For(cheater, "a"), For(outsider, "a")]));
        var otherChain = Roko.Actors.Ledger.Vote.Create(VoteType.Prevote, "another-chain", 5, 0, _fixture.Block(5, "b").Hash, Now, cheater);

        Assert.Null(watch.Observe(otherChain));
        Assert.Null(watch.Observe(For(cheater, "b", height: 6)));
        Assert.Null(watch.Observe(For(outsider, "b")));
        Assert.NotNull(watch.Observe(For(cheater, "b"))); // the offence is still caught: nothing above counted
    }

    [Fact]
    public void Observe_should_ignore_a_forged_vote_and_keep_the_genuine_first_one()
    {
        var cheater = _fixture.Keys[3];
        var watch = Watch();
        watch.Decided(Heard(5));
        var genuine = For(cheater, "a");
        var forged = For(cheater, "x") with { Signature = genuine.Signature };

        Assert.Null(watch.Observe(forged));
        Assert.Null(watch.Observe(genuine));
        var evidence = watch.Observe(For(cheater, "b"));

        Assert.NotNull(evidence);
        Assert.Null(evidence.Verify());
        Assert.Contains(genuine, new[] { evidence.First, evidence.Second });
    }

    [Fact]
    public void Decided_should_drop_the_oldest_height_beyond_the_limit()
    {
        var cheater = _fixture.Keys[3];
        var watch = Watch();
        for (ulong h = 1; h <= HeightsKept + 1; h++) watch.Decided(Heard(h, [For(cheater, "a", height: h)]));

        Assert.Equal([2ul, 3ul, 4ul], watch.Heights);
        Assert.Null(watch.Observe(For(cheater, "b", height: 1)));
        Assert.NotNull(watch.Observe(For(cheater, "b", height: 2)));
    }

    [Fact]
    public void Observe_should_keep_no_more_first_votes_per_height_than_the_limit()
    {
        var cheater = _fixture.Keys[3];
        var watch = Watch(votesPerHeight: 2);
        watch.Decided(Heard(5));

        Assert.Null(watch.Observe(For(cheater, "a", round: 0)));
        Assert.Null(watch.Observe(For(cheater, "a", round: 1)));
        Assert.Null(watch.Observe(For(cheater, "a", round: 2))); // beyond the limit: not kept
        Assert.Null(watch.Observe(For(cheater, "b", round: 2)));
        Assert.NotNull(watch.Observe(For(cheater, "b", round: 1)));
    }

    [Fact]
    public void Machine_should_still_catch_a_conflicting_vote_in_the_commit_step_and_hand_over_what_it_heard()
    {
        var local = _fixture.NonProposerKey(1, 0);
        var machine = _fixture.Machine(local);
        var block = _fixture.Block(1);
        machine.Handle(Received(_fixture.Proposal(block, 0)), Now);
        FeedVotes(machine, _fixture.Others(local), VoteType.Prevote, 1, 0, block.Hash);
        var precommitters = _fixture.Others(local).Take(2).ToList();
        FeedVotes(machine, precommitters, VoteType.Precommit, 1, 0, block.Hash);
        Assert.Equal(ConsensusStep.Commit, machine.Step);
        var cheater = precommitters[0];

        var effects = machine.Handle(Received(Vote(cheater, VoteType.Precommit, 1, 0, _fixture.Block(1, "b").Hash)), Now);

        var evidence = Assert.Single(effects.OfType<ConsensusEffect.EvidenceFound>()).Evidence;
        Assert.Equal(cheater.PublicKey, evidence.Validator);
        Assert.DoesNotContain(effects, e => e is ConsensusEffect.CommitBlock or ConsensusEffect.BroadcastVote);
        var heard = machine.HeardVotes();
        Assert.NotNull(heard);
        Assert.Equal(1ul, heard.Height);
        Assert.Contains((cheater.PublicKey, 0u, VoteType.Precommit), heard.Reported);
        Assert.Equal(3 + 1 + 2 + 1 + 1, heard.Votes.Count); // 3 prevotes + its own; 2 precommits + its own + the conflicting one
    }
}
