using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class PhaseFilterTests
{
    private const long Micro = 1_000;
    private const long Round = 100_000_000;
    private static readonly NanoMoment Start = new(1_700_000_000_000_000_000);

    private static SyncRoundResult Agreed(long low, long high, long? point) =>
        new(SyncOutcome.Synchronized, low + (high - low) / 2, (high - low + 1) / 2, 3, 3, []) { CombinedOffsetNanos = point };

    [Fact]
    public void Filter_should_aim_at_the_rounds_point_until_enough_rounds_are_fitted()
    {
        var step = PhaseFilter.Next(FrequencyEstimator.Empty(16, 100), Start, Agreed(-500 * Micro, 500 * Micro, 120 * Micro), minPoints: 4);

        Assert.Equal(120 * Micro, step.EstimateNanos);
        Assert.False(step.HistoryDiscarded);
        Assert.Single(step.Estimator.Points);
    }

    [Fact]
    public void Filter_should_aim_at_the_fitted_line_once_enough_rounds_are_fitted()
    {
        // True offset: 1 ms plus 50 ppm of drift; every round's point is 80 µs off, alternately either way.
        var estimator = FrequencyEstimator.Empty(32, 100);
        long estimate = 0, truth = 0;
        for (int r = 0; r < 32; r++)
        {
            var at = Start.AddNanoseconds(r * Round);
            truth = 1_000 * Micro + r * Round / 20_000;
            long point = truth + (r % 2 == 0 ? 80 * Micro : -80 * Micro);
            var step = PhaseFilter.Next(estimator, at, Agreed(truth - 400 * Micro, truth + 400 * Micro, point), minPoints: 8);
            estimator = step.Estimator;
            estimate = step.EstimateNanos;
        }

        Assert.InRange(estimate, truth - 15 * Micro, truth + 15 * Micro);
    }

    [Fact]
    public void Filter_should_clamp_the_estimate_into_the_agreed_interval()
    {
        var estimator = FrequencyEstimator.Empty(8, maxDriftPpm: 100).Add(Start, 0);

        // The two points rise at 1,100 ppm; clamped to 100 ppm the line through their centroid reads 60 µs, below the
        // agreed [100, 110] µs, so the clock is aimed at the interval's edge.
        var step = PhaseFilter.Next(estimator, Start.AddNanoseconds(Round), Agreed(100 * Micro, 110 * Micro, 110 * Micro), minPoints: 2);

        Assert.Equal(100 * Micro, step.EstimateNanos);
        Assert.False(step.HistoryDiscarded);
    }

    [Fact]
    public void Filter_should_discard_history_when_the_source_was_stepped()
    {
        var estimator = FrequencyEstimator.Empty(8, 100);
        for (int r = 0; r < 8; r++)
            estimator = estimator.Add(Start.AddNanoseconds(r * Round), 0);

        // The raw source jumped a second ahead: true time is now a second behind it.
        var step = PhaseFilter.Next(estimator, Start.AddNanoseconds(8 * Round),
            Agreed(-1_000_000 * Micro - 300 * Micro, -1_000_000 * Micro + 300 * Micro, -1_000_000 * Micro), minPoints: 4);

        Assert.True(step.HistoryDiscarded);
        Assert.Single(step.Estimator.Points);
        Assert.Equal(-1_000_000 * Micro, step.EstimateNanos);
    }

    [Fact]
    public void Filter_should_refuse_a_round_that_gives_no_offset()
    {
        var round = new SyncRoundResult(SyncOutcome.NoMajority, 0, 0, 1, 3, []);

        var error = Assert.Throws<ArgumentException>(() => PhaseFilter.Next(FrequencyEstimator.Empty(8, 100), Start, round, 4));

        Assert.Contains("NoMajority", error.Message);
    }
}
