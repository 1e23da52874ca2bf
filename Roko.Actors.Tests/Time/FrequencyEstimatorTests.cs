using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class FrequencyEstimatorTests
{
    private static readonly NanoMoment Start = new(1_700_000_000_000_000_000);

    [Fact]
    public void Estimator_should_find_the_slope_of_offsets_in_ppb()
    {
        var estimator = FrequencyEstimator.Empty(8, maxDriftPpm: 100);
        for (int s = 0; s < 5; s++)
            estimator = estimator.Add(Start.AddNanoseconds(s * 1_000_000_000L), 1_000 + s * 20_000L);

        Assert.Equal(20_000, estimator.EstimatePpb()!.Value, precision: 6);
    }

    [Fact]
    public void Estimator_should_clamp_the_estimate_to_max_drift()
    {
        var estimator = FrequencyEstimator.Empty(8, maxDriftPpm: 10)
            .Add(Start, 0)
            .Add(Start.AddNanoseconds(1_000_000_000), 1_000_000);

        Assert.Equal(10_000, estimator.EstimatePpb());
    }

    [Fact]
    public void Estimator_should_have_no_estimate_from_a_single_offset()
    {
        Assert.Null(FrequencyEstimator.Empty(8, 100).Add(Start, 5).EstimatePpb());
    }

    [Fact]
    public void Estimator_should_see_no_residual_drift_after_the_correction_is_accounted_for()
    {
        var estimator = FrequencyEstimator.Empty(8, 100);
        for (int s = 0; s < 4; s++)
            estimator = estimator.Add(Start.AddNanoseconds(s * 1_000_000_000L), s * 5_000L);
        var correctedAt = Start.AddNanoseconds(3_000_000_000L);

        var corrected = estimator.Corrected(correctedAt, 15_000, 5_000);

        Assert.Equal(0, corrected.EstimatePpb()!.Value, precision: 6);
        Assert.All(corrected.Points, p => Assert.Equal(0, p.OffsetNanos));
    }

    [Fact]
    public void Fitted_offset_should_follow_an_exact_line_to_any_instant()
    {
        var estimator = FrequencyEstimator.Empty(8, maxDriftPpm: 100);
        for (int s = 0; s < 4; s++)
            estimator = estimator.Add(Start.AddNanoseconds(s * 1_000_000_000L), 7_000 + s * 30_000L);

        Assert.Equal(7_000 + 5 * 30_000L, estimator.OffsetAt(Start.AddNanoseconds(5_000_000_000L)));
    }

    [Fact]
    public void Fitted_offset_should_average_away_noise_around_the_line()
    {
        var estimator = FrequencyEstimator.Empty(16, maxDriftPpm: 100);
        for (int s = 0; s < 16; s++)
            estimator = estimator.Add(Start.AddNanoseconds(s * 100_000_000L), 1_000_000 + (s % 2 == 0 ? 50_000 : -50_000));

        long fitted = estimator.OffsetAt(Start.AddNanoseconds(1_500_000_000L))!.Value;

        // Each point is 50 µs off; the line through all of them is within a few µs of the truth.
        Assert.InRange(fitted, 1_000_000 - 10_000, 1_000_000 + 10_000);
    }

    [Fact]
    public void Fitted_offset_should_use_the_clamped_slope()
    {
        var estimator = FrequencyEstimator.Empty(8, maxDriftPpm: 10)
            .Add(Start, 0)
            .Add(Start.AddNanoseconds(1_000_000_000), 1_000_000);

        // Through the centroid (0.5 s, 500 µs) at the clamped 10 ppm: 5 µs higher half a second later.
        Assert.Equal(505_000, estimator.OffsetAt(Start.AddNanoseconds(1_000_000_000)));
    }

    [Fact]
    public void Fitted_offset_should_be_unknown_from_a_single_point()
    {
        Assert.Null(FrequencyEstimator.Empty(8, 100).Add(Start, 5).OffsetAt(Start));
    }
}
