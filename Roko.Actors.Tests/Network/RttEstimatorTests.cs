using Roko.Actors.Nodes;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class RttEstimatorTests
{
    private static readonly NanoMoment T0 = NanoMoment.FromUnixSeconds(1_800_000_000);
    private static readonly RttSettings Settings = RttSettings.Create(RokoConfig.Defaults) with { MinWindow = 3 };
    private const long Ms = 1_000_000;

    private static void Sample(RttEstimator rtt, long nanos) =>
        Assert.Equal(RttSampleResult.Accepted, rtt.AddSample(T0, T0.AddNanoseconds(nanos)));

    [Fact]
    public void Estimator_should_report_nothing_when_no_sample_was_taken()
    {
        var rtt = new RttEstimator(Settings);

        Assert.Null(rtt.SmoothedNanos);
        Assert.Null(rtt.MinimumNanos);
    }

    [Fact]
    public void Estimator_should_start_at_the_first_sample_and_move_by_alpha_when_more_arrive()
    {
        var rtt = new RttEstimator(Settings with { EwmaAlpha = 0.25 });
        Sample(rtt, 100 * Ms);
        Assert.Equal(100 * Ms, rtt.SmoothedNanos);

        Sample(rtt, 200 * Ms);
        Assert.Equal(125 * Ms, rtt.SmoothedNanos);

        Sample(rtt, 25 * Ms);
        Assert.Equal(100 * Ms, rtt.SmoothedNanos);
    }

    [Fact]
    public void Estimator_should_take_the_minimum_over_the_last_window_of_samples()
    {
        var rtt = new RttEstimator(Settings);
        Sample(rtt, 10 * Ms);
        Sample(rtt, 50 * Ms);
        Sample(rtt, 40 * Ms);
        Assert.Equal(10 * Ms, rtt.MinimumNanos);

        Sample(rtt, 60 * Ms);
        Assert.Equal(40 * Ms, rtt.MinimumNanos);
    }

    [Fact]
    public void Estimator_should_reject_negative_and_absurd_samples_without_changing_the_estimate()
    {
        var rtt = new RttEstimator(Settings);
        Sample(rtt, 80 * Ms);

        Assert.Equal(RttSampleResult.Negative, rtt.AddSample(T0, T0.AddNanoseconds(-1)));
        Assert.Equal(RttSampleResult.Absurd, rtt.AddSample(T0, T0.Add(Settings.MaxPlausible).AddNanoseconds(1)));
        Assert.Equal(RttSampleResult.Absurd, rtt.AddSample(NanoMoment.MinValue, NanoMoment.MaxValue));

        Assert.Equal(80 * Ms, rtt.SmoothedNanos);
        Assert.Equal(1, rtt.SampleCount);
        Assert.Equal(3, rtt.RejectedCount);
    }
}
