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
