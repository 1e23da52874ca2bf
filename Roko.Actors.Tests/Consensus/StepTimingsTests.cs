using Roko.Actors.Consensus;
using Roko.Actors.Hardware.Time;
using Xunit;

namespace Roko.Actors.Tests.Consensus;

public sealed class StepTimingsTests
{
    private static readonly NanoMoment Start = NanoMoment.FromDateTime(new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc));

    private static NanoMoment At(long millis) => Start.AddNanoseconds(millis * 1_000_000);

    [Fact]
    public void Step_timings_should_report_each_step_when_left_and_the_round_when_the_height_is_decided()
    {
        var timings = new StepTimings();

        Assert.Empty(timings.Observe(0, ConsensusStep.Propose, At(0)));
        Assert.Empty(timings.Observe(0, ConsensusStep.Propose, At(5)));
        Assert.Equal([new TimedSpan(ConsensusStep.Propose, TimeSpan.FromMilliseconds(10))], timings.Observe(0, ConsensusStep.Prevote, At(10)));
        Assert.Equal([new TimedSpan(ConsensusStep.Prevote, TimeSpan.FromMilliseconds(30))], timings.Observe(0, ConsensusStep.Precommit, At(40)));
        Assert.Equal([new TimedSpan(ConsensusStep.Precommit, TimeSpan.FromMilliseconds(20)), new TimedSpan(null, TimeSpan.FromMilliseconds(60))],
            timings.Observe(0, ConsensusStep.Commit, At(60)));
        Assert.Empty(timings.Observe(0, ConsensusStep.Commit, At(90)));
    }

    [Fact]
    public void Step_timings_should_report_the_round_and_its_unfinished_step_when_the_next_round_starts()
    {
        var timings = new StepTimings();
        timings.Observe(0, ConsensusStep.Propose, At(0));
        timings.Observe(0, ConsensusStep.Prevote, At(600));

        Assert.Equal([new TimedSpan(ConsensusStep.Prevote, TimeSpan.FromMilliseconds(200)), new TimedSpan(null, TimeSpan.FromMilliseconds(800))],
            timings.Observe(1, ConsensusStep.Propose, At(800)));
        Assert.Equal([new TimedSpan(ConsensusStep.Propose, TimeSpan.FromMilliseconds(50)), new TimedSpan(null, TimeSpan.FromMilliseconds(50))],
            timings.Observe(1, ConsensusStep.Commit, At(850)));
    }
}
