using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public class TemporalRulesSpec
{
    private static readonly TemporalRules Rules = new(WindowPastNanos: 100, WindowFutureNanos: 10);
    private static readonly NanoInterval Now = new(new NanoMoment(1000), new NanoMoment(1002));

    [Theory]
    [InlineData(500, TemporalVerdict.Stale)]
    [InlineData(499, TemporalVerdict.Stale)]
    [InlineData(899, TemporalVerdict.Expired)]
    [InlineData(900, TemporalVerdict.Valid)]
    [InlineData(1012, TemporalVerdict.Valid)]
    [InlineData(1013, TemporalVerdict.TooFarInFuture)]
    public void Check_should_judge_against_the_clock_interval_and_the_sealed_cutoff(long timestamp, TemporalVerdict expected)
    {
        Assert.Equal(expected, Rules.Check(new NanoMoment(timestamp), Now, new NanoMoment(500)));
    }

    [Fact]
    public void Check_should_only_judge_staleness_when_the_clock_is_unbounded()
    {
        Assert.Equal(TemporalVerdict.Valid, Rules.Check(new NanoMoment(long.MaxValue), NanoInterval.Unbounded, new NanoMoment(500)));
        Assert.Equal(TemporalVerdict.Stale, Rules.Check(new NanoMoment(500), NanoInterval.Unbounded, new NanoMoment(500)));
        Assert.False(Rules.IsExpired(new NanoMoment(0), NanoInterval.Unbounded));
        Assert.True(Rules.IsExpired(new NanoMoment(899), Now));
    }

    [Fact]
    public void CutoffFor_should_be_the_earliest_possible_now_minus_the_inclusion_delay()
    {
        Assert.Equal(new NanoMoment(950), TemporalRules.CutoffFor(Now, 50));
        Assert.Equal(NanoMoment.MinValue, TemporalRules.CutoffFor(new NanoInterval(NanoMoment.MinValue, new NanoMoment(0)), 1));
    }
}
