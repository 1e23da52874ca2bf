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
}
