using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class PeerSampleFilterTests
{
    private static readonly NanoMoment Now = new(1_000);
    private const double NoDrift = 0;

    [Fact]
    public void Filter_should_choose_the_lowest_delay_sample_when_errors_and_ages_are_alike()
    {
        var filter = PeerSampleFilter.Empty(4)
            .Add(ProbeSampleTests.Sample(0, 500, 500, 1_000))
            .Add(ProbeSampleTests.Sample(0, 60, 60, 100))
            .Add(ProbeSampleTests.Sample(0, 300, 300, 600));

        Assert.Equal(100, filter.BestAt(Now, NoDrift)!.DelayNanos);
    }

    [Fact]
    public void Filter_should_choose_the_narrowest_interval_when_a_short_round_trip_carries_a_large_error()
    {
        var shortButUncertain = Sample(0, 60, 60, 100, peerErrorNanos: 5_000);
        var longerButSure = Sample(0, 300, 300, 600, peerErrorNanos: 1_000);
        var filter = PeerSampleFilter.Empty(4).Add(shortButUncertain).Add(longerButSure);

        Assert.Same(longerButSure, filter.BestAt(Now, NoDrift));
    }

    [Fact]
    public void Filter_should_choose_a_fresh_sample_over_an_old_one_whose_drift_allowance_is_wider()
    {
        var old = Sample(0, 50, 50, 100, peerErrorNanos: 0);
        var fresh = Sample(10_000_000, 10_000_200, 10_000_200, 10_000_400, peerErrorNanos: 0);
        var filter = PeerSampleFilter.Empty(4).Add(old).Add(fresh);

        // At 100 ppm the old sample's 10 ms age adds 1 µs either side, more than the fresh one's longer round trip.
        Assert.Same(fresh, filter.BestAt(new NanoMoment(10_000_400), maxDriftPpm: 100));
        Assert.Same(old, filter.BestAt(new NanoMoment(10_000_400), NoDrift));
    }

    [Fact]
    public void Filter_should_forget_samples_older_than_the_last_K()
    {
        var filter = PeerSampleFilter.Empty(2)
            .Add(ProbeSampleTests.Sample(0, 5, 5, 10))
            .Add(ProbeSampleTests.Sample(0, 500, 500, 1_000))
            .Add(ProbeSampleTests.Sample(0, 300, 300, 600));

        Assert.Equal(2, filter.Samples.Length);
        Assert.Equal(600, filter.BestAt(Now, NoDrift)!.DelayNanos);
    }

    [Fact]
    public void Filter_should_have_no_best_sample_when_empty()
    {
        Assert.Null(PeerSampleFilter.Empty(3).BestAt(Now, NoDrift));
    }

    private static ProbeSample Sample(long t1, long t2, long t3, long t4, long peerErrorNanos) =>
        ProbeSample.TryCreate(new NanoMoment(t1), new NanoMoment(t2), new NanoMoment(t3), new NanoMoment(t4), peerErrorNanos, out var sample, out string error)
            ? sample!
            : throw new ArgumentException(error);
}
