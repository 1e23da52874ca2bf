using Roko.Actors.Devnet;
using Roko.Actors.Devnet.Bench;
using Xunit;

namespace Roko.Actors.Tests.Devnet.Bench;

public sealed class CapacityRuleTests
{
    private static readonly CapacityRule Rule = new(MinFinalizedShare: 0.99, MaxFinalityP99: TimeSpan.FromSeconds(2));
    private const double Within = 1500;
    private const double TooSlow = 2500;

    /// <summary>Runs written as <c>rate:share:p99</c>, comma-separated.</summary>
    [Theory]
    [InlineData("200:1:1500,400:0.995:1800,800:0.99:2000", 800, "every rate meets it: the highest")]
    [InlineData("200:1:1500,400:1:1800,800:0.98:1900,1600:0.5:9000", 400, "the last before the first short of finalized share")]
    [InlineData("200:1:1500,400:1:2001,800:1:1900", 200, "a rate that meets it again after a failure does not count")]
    [InlineData("200:0.9:1500,400:1:1500", 0, "the lowest rate fails: none")]
    [InlineData("200:1:2500", 0, "one rate, too slow: none")]
    [InlineData("800:1:1500,200:1:1500,400:0.5:1500", 200, "judged in increasing order of rate, whatever order the runs come in")]
    [InlineData("", 0, "no runs: none")]
    public void Capacity_should_be_the_highest_rate_meeting_both_thresholds_below_the_first_that_misses(string runs, double expected, string why)
    {
        var results = runs.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r =>
        {
            var parts = r.Split(':').Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return Run(parts[0], parts[1], parts[2]);
        }).ToList();

        Assert.True(expected == Rule.CapacityOf(results), why);
    }

    [Theory]
    [InlineData(0.99, Within, true)]
    [InlineData(0.9899, Within, false)]
    [InlineData(1, 2000, true)]
    [InlineData(1, TooSlow, false)]
    public void Meets_should_hold_at_the_thresholds_themselves_and_not_past_them(double share, double p99, bool meets) =>
        Assert.Equal(meets, Rule.Meets(Run(200, share, p99)));

    [Fact]
    public void Rate_result_should_count_the_finalized_share_among_transactions_submitted_before_the_settle_time_rounded_down()
    {
        var run = CapacityRateResult.Of(400, Summary(submittedBeforeSettle: 3000, finalizedBeforeSettle: 2969), TimeSpan.FromSeconds(12.346), 300L * 1024 * 1024);

        Assert.Equal(0.9896, run.FinalizedShare); // 0.98966… rounded down, so it cannot round up to 0.99
        Assert.False(Rule.Meets(run));
        Assert.Equal(12.35, run.CpuSeconds);
        Assert.Equal(300, run.PeakRssMb);
    }

    [Fact]
    public void Rate_result_should_have_a_zero_finalized_share_when_nothing_was_submitted_before_the_settle_time()
    {
        var run = CapacityRateResult.Of(400, Summary(submittedBeforeSettle: 0, finalizedBeforeSettle: 0), TimeSpan.Zero, 0);

        Assert.Equal(0, run.FinalizedShare);
        Assert.False(Rule.Meets(run));
    }

    private static CapacityRateResult Run(double rate, double share, double p99) =>
        new(rate, share, p99 / 2, p99, 10, 500, new Dictionary<string, int>(), 1, 1, new Dictionary<string, int>(), 0, 100, 100, rate, 60);

    private static DevnetSummary Summary(int submittedBeforeSettle, int finalizedBeforeSettle) =>
        new("roko-devnet", [], 1, 20, 19, submittedBeforeSettle + 100, finalizedBeforeSettle + 100, 0, 0, submittedBeforeSettle, finalizedBeforeSettle,
            new Dictionary<string, int>(), 400, 1200, 390, 0, 900, 1.1, 60);
}
