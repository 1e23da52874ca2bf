using Roko.Actors.Consensus;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Consensus;

public sealed class TimelinessTests
{
    private const long Precision = 100_000_000;
    private const long MessageDelay = 1_000_000_000;
    private const long HalfWidth = 5_000_000;
    private static readonly ProposalTimeliness Rule = new(Precision, MessageDelay);
    private static readonly NanoMoment BlockTime = ConsensusFixture.T0;

    private static NanoInterval Clock(long offsetFromBlockTime) => NanoInterval.Around(BlockTime.AddNanoseconds(offsetFromBlockTime), HalfWidth);

    [Fact]
    public void Check_should_find_a_proposal_timely_when_received_shortly_after_its_block_time() =>
        Assert.Equal(TimelinessVerdict.Timely, Rule.Check(BlockTime, Clock(200_000_000)));

    [Fact]
    public void Check_should_find_a_proposal_too_early_when_its_block_time_is_ahead_of_the_clock_by_more_than_precision() =>
        Assert.Equal(TimelinessVerdict.TooEarly, Rule.Check(BlockTime, Clock(-Precision)));

    [Fact]
    public void Check_should_find_a_proposal_too_late_when_received_after_message_delay_and_precision() =>
        Assert.Equal(TimelinessVerdict.TooLate, Rule.Check(BlockTime, Clock(MessageDelay + Precision)));

    [Fact]
    public void Check_should_accept_the_exact_lower_bound_when_earliest_equals_block_time_minus_precision()
    {
        var atBound = new NanoInterval(BlockTime.AddNanoseconds(-Precision), BlockTime);
        var pastBound = new NanoInterval(BlockTime.AddNanoseconds(-Precision - 1), BlockTime);

        Assert.Equal(TimelinessVerdict.Timely, Rule.Check(BlockTime, atBound));
        Assert.Equal(TimelinessVerdict.TooEarly, Rule.Check(BlockTime, pastBound));
    }

    [Fact]
    public void Check_should_accept_the_exact_upper_bound_when_latest_equals_block_time_plus_delay_plus_precision()
    {
        var upper = BlockTime.AddNanoseconds(MessageDelay + Precision);
        var atBound = new NanoInterval(BlockTime, upper);
        var pastBound = new NanoInterval(BlockTime, upper.AddNanoseconds(1));

        Assert.Equal(TimelinessVerdict.Timely, Rule.Check(BlockTime, atBound));
        Assert.Equal(TimelinessVerdict.TooLate, Rule.Check(BlockTime, pastBound));
    }

    [Fact]
    public void Check_should_refuse_when_the_clock_is_unbounded() =>
        Assert.NotEqual(TimelinessVerdict.Timely, Rule.Check(BlockTime, NanoInterval.Unbounded));

    [Fact]
    public void Machine_should_prevote_nil_when_a_new_proposal_is_not_timely()
    {
        var fixture = new ConsensusFixture();
        var local = fixture.NonProposerKey(1, 0);
        var machine = fixture.Machine(local);
        var early = fixture.Block(1, blockTime: ConsensusFixture.T0.AddNanoseconds(2 * Precision));

        var effects = machine.Handle(ConsensusFixture.Received(fixture.Proposal(early, 0)), ConsensusFixture.Now);

        Assert.Equal(Hash32.Zero, Assert.Single(ConsensusFixture.VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void Machine_should_say_why_it_prevotes_nil_with_the_figures_when_a_proposal_arrives_too_late()
    {
        var fixture = new ConsensusFixture();
        var machine = fixture.Machine(fixture.NonProposerKey(1, 0));
        var block = fixture.Block(1);

        var effects = machine.Handle(new ConsensusInput.ProposalReceived(fixture.Proposal(block, 0), Clock(1_500_000_000)), ConsensusFixture.Now);

        var nil = Assert.Single(effects.OfType<ConsensusEffect.PrevotedNil>());
        Assert.Equal((1UL, 0U, NilPrevoteReason.TooLate), (nil.Height, nil.Round, nil.Reason));
        Assert.Contains("arrived 1505 ms after its block time (round 0 allows message delay 1000 ms + precision 100 ms)", nil.Detail);
    }

    [Fact]
    public void Machine_should_accept_in_a_later_round_a_proposal_as_late_as_one_refused_in_round_0()
    {
        var fixture = new ConsensusFixture();
        var local = fixture.Keys.First(k => k.PublicKey != fixture.ProposerKey(1, 0).PublicKey && k.PublicKey != fixture.ProposerKey(1, 5).PublicKey);
        var machine = fixture.Machine(local);
        // > 1/3 of stake prevoting in round 5 moves this validator there (skip to a later round).
        ConsensusFixture.FeedVotes(machine, fixture.Others(local).Take(2), VoteType.Prevote, 1, 5, Hash32.Zero);
        Assert.Equal(5U, machine.Round);
        var block = fixture.Block(1);

        // 1.5 s late: outside round 0's 1.1 s window, inside round 5's 1.61 s + 0.1 s.
        var effects = machine.Handle(new ConsensusInput.ProposalReceived(fixture.Proposal(block, 5), Clock(1_500_000_000)), ConsensusFixture.Now);

        Assert.Empty(effects.OfType<ConsensusEffect.PrevotedNil>());
        Assert.Equal(block.Hash, Assert.Single(ConsensusFixture.VotesCast(effects, VoteType.Prevote)).BlockHash);
    }

    [Fact]
    public void Machine_should_name_the_missing_proposer_when_the_propose_timeout_fires()
    {
        var fixture = new ConsensusFixture();
        var machine = fixture.Machine(fixture.NonProposerKey(1, 0));

        var effects = machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), ConsensusFixture.Now);

        var nil = Assert.Single(effects.OfType<ConsensusEffect.PrevotedNil>());
        Assert.Equal(NilPrevoteReason.NoProposal, nil.Reason);
        Assert.Equal($"no proposal from {fixture.ProposerKey(1, 0).PublicKey.Bytes.Short} within 1000 ms", nil.Detail);
    }

    [Fact]
    public void Machine_should_give_the_ledger_refusal_when_it_prevotes_nil_on_an_invalid_block()
    {
        var fixture = new ConsensusFixture();
        var machine = fixture.Machine(fixture.NonProposerKey(1, 0), validator: _ => "BadTransactionRoot: the root does not match");

        var effects = machine.Handle(ConsensusFixture.Received(fixture.Proposal(fixture.Block(1), 0)), ConsensusFixture.Now);

        var nil = Assert.Single(effects.OfType<ConsensusEffect.PrevotedNil>());
        Assert.Equal(NilPrevoteReason.InvalidBlock, nil.Reason);
        Assert.EndsWith(": BadTransactionRoot: the root does not match", nil.Detail);
    }

    [Fact]
    public void Machine_should_not_report_a_nil_prevote_while_its_signing_is_withheld()
    {
        var fixture = new ConsensusFixture();
        var machine = fixture.Machine(fixture.NonProposerKey(1, 0));
        machine.Handle(new ConsensusInput.SigningChanged(false), ConsensusFixture.Now);

        var effects = machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), ConsensusFixture.Now);

        Assert.Empty(effects.OfType<ConsensusEffect.PrevotedNil>());
        Assert.Empty(ConsensusFixture.VotesCast(effects, VoteType.Prevote));
    }

    [Fact]
    public void Machine_should_not_report_a_nil_prevote_when_it_follows_a_height_without_a_key()
    {
        var fixture = new ConsensusFixture();
        var machine = fixture.Machine(null);

        var effects = machine.Handle(new ConsensusInput.TimeoutFired(1, 0, ConsensusStep.Propose), ConsensusFixture.Now);

        Assert.Empty(effects.OfType<ConsensusEffect.PrevotedNil>());
    }

    [Fact]
    public void Machine_should_judge_timeliness_by_the_receive_time_given_with_the_proposal()
    {
        var fixture = new ConsensusFixture();
        var local = fixture.NonProposerKey(1, 0);
        var machine = fixture.Machine(local);
        var block = fixture.Block(1);
        var lateArrival = Clock(MessageDelay + 2 * Precision);

        var effects = machine.Handle(new ConsensusInput.ProposalReceived(fixture.Proposal(block, 0), lateArrival), ConsensusFixture.Now);

        Assert.Equal(Hash32.Zero, Assert.Single(ConsensusFixture.VotesCast(effects, VoteType.Prevote)).BlockHash);
    }
}
