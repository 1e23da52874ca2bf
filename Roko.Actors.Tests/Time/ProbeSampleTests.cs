using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class ProbeSampleTests
{
    private static NanoMoment At(long nanos) => new(1_700_000_000_000_000_000 + nanos);

    internal static ProbeSample Sample(long t1, long t2, long t3, long t4, long peerError = 0)
    {
        Assert.True(ProbeSample.TryCreate(At(t1), At(t2), At(t3), At(t4), peerError, out var sample, out var error), error);
        return sample!;
    }

    [Fact]
    public void Sample_should_compute_offset_and_delay_from_the_four_timestamps()
    {
        // peer is 1000 ns ahead; 100 ns each way; peer holds the probe 50 ns
        var sample = Sample(0, 1_100, 1_150, 250);

        Assert.Equal(1_000, sample.OffsetNanos);
        Assert.Equal(200, sample.DelayNanos);
    }

    [Fact]
    public void Sample_should_be_invalid_when_the_delay_is_negative()
    {
        bool ok = ProbeSample.TryCreate(At(0), At(100), At(400), At(200), 0, out var sample, out var error);

        Assert.False(ok);
        Assert.Null(sample);
        Assert.Contains("negative delay", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_interval_should_cover_half_the_delay_plus_the_peer_error()
    {
        var sample = Sample(0, 1_100, 1_150, 250, peerError: 30);

        var (low, high) = sample.OffsetInterval(At(250), maxDriftPpm: 100);

        Assert.Equal((1_000 - 130, 1_000 + 130), (low, high));
    }

    [Fact]
    public void Sample_interval_should_widen_with_the_sample_age_at_max_drift()
    {
        var sample = Sample(0, 1_100, 1_150, 250);

        var (low, high) = sample.OffsetInterval(At(250 + 1_000_000_000), maxDriftPpm: 100);

        Assert.Equal((1_000 - 100 - 100_000, 1_000 + 100 + 100_000), (low, high));
    }

    [Fact]
    public void Sample_interval_should_round_outwards_when_the_offset_has_a_half_nanosecond()
    {
        var sample = Sample(0, 101, 101, 200);

        var (low, high) = sample.OffsetInterval(At(200), 0);

        Assert.True(low <= 0.5 && 0.5 <= high, $"[{low}, {high}] must contain the true offset 0.5");
    }

    [Fact]
    public void Offset_should_be_carried_from_the_exchanges_midpoint_at_the_given_frequency()
    {
        var sample = Sample(0, 1_100, 1_150, 250);

        Assert.Equal(1_000, sample.OffsetAt(At(10_000), null));
        // From the midpoint (125 ns) to 2 s later at −50 ppm: true time lost 100 µs on our clock.
        Assert.Equal(1_000 - 100_000, sample.OffsetAt(At(125 + 2_000_000_000), -50_000));
    }
}
