using Roko.Actors.Hardware.Time;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class SyncRoundTests
{
    [Fact]
    public void Round_should_correct_to_the_majority_intersection_and_name_the_falseticker()
    {
        PeerInterval[] peers = [new("a", 8, 12), new("b", 11, 13), new("c", 10, 12), new("liar", 500, 501)];

        var result = SyncRound.Evaluate(peers, minSources: 3);

        Assert.Equal(SyncOutcome.Synchronized, result.Outcome);
        Assert.True(result.ShouldCorrect);
        Assert.Equal(3, result.Agreeing);
        Assert.Equal(["liar"], result.Falsetickers);
        Assert.InRange(result.OffsetNanos - result.UncertaintyNanos, 10, 11);
        Assert.InRange(result.OffsetNanos + result.UncertaintyNanos, 12, 13);
    }

    [Fact]
    public void Round_should_not_correct_when_no_majority_agrees()
    {
        PeerInterval[] peers = [new("a", 0, 10), new("b", 5, 15), new("c", 100, 110), new("d", 200, 210)];

        var result = SyncRound.Evaluate(peers, minSources: 3);

        Assert.Equal(SyncOutcome.NoMajority, result.Outcome);
        Assert.False(result.ShouldCorrect);
        Assert.Equal(2, result.Agreeing);
    }

    [Fact]
    public void Round_should_not_correct_when_too_few_sources_answered()
    {
        var result = SyncRound.Evaluate([new PeerInterval("a", 0, 10), new PeerInterval("b", 0, 10)], minSources: 3);

        Assert.Equal(SyncOutcome.TooFewSources, result.Outcome);
        Assert.False(result.ShouldCorrect);
    }

    [Fact]
    public void Intervals_should_come_from_each_peers_best_recent_sample()
    {
        var settings = TimeSyncSettings.Default;
        var fresh = PeerSampleFilter.Empty(4).Add(ProbeSampleTests.Sample(0, 1_100, 1_150, 250, peerError: 30));
        var filters = new Dictionary<string, PeerSampleFilter>
        {
            ["fresh"] = fresh,
            ["empty"] = PeerSampleFilter.Empty(4),
        };
        var now = new NanoMoment(1_700_000_000_000_000_000 + 250);

        var intervals = SyncRound.IntervalsFrom(filters, now, settings);

        Assert.Equal([new PeerInterval("fresh", 870, 1_130) { PointNanos = 1_000 }], intervals);
    }

    [Fact]
    public void Intervals_should_carry_each_point_forward_by_the_estimated_frequency()
    {
        var filters = new Dictionary<string, PeerSampleFilter>
        {
            ["peer"] = PeerSampleFilter.Empty(4).Add(ProbeSampleTests.Sample(0, 1_100, 1_150, 250)),
        };
        // The exchange's midpoint is at 125 ns; a second later true time has gained 20 µs on our clock at +20,000 ppb.
        var now = new NanoMoment(1_700_000_000_000_000_000 + 125 + 1_000_000_000);

        var intervals = SyncRound.IntervalsFrom(filters, now, TimeSyncSettings.Default, frequencyPpb: 20_000);

        Assert.Equal(1_000 + 20_000, intervals.Single().PointNanos);
    }

    [Fact]
    public void Round_should_combine_only_the_survivors_points_weighted_by_their_width()
    {
        PeerInterval[] peers =
        [
            new("narrow", 90, 110) { PointNanos = 100 },
            new("wide", 0, 400) { PointNanos = 200 },
            new("other", 50, 150) { PointNanos = 100 },
            new("liar", 5_000, 5_002) { PointNanos = 5_001 },
        ];

        var result = SyncRound.Evaluate(peers, minSources: 3);

        Assert.Equal(["liar"], result.Falsetickers);
        // Weights 1/10², 1/200², 1/50²: the wide peer's 200 moves the point by well under a nanosecond.
        Assert.Equal(100, result.CombinedOffsetNanos);
    }

    [Fact]
    public void Intervals_should_skip_samples_older_than_the_max_sample_age()
    {
        var settings = TimeSyncSettings.Default with { MaxSampleAgeNanos = 1_000 };
        var filters = new Dictionary<string, PeerSampleFilter>
        {
            ["stale"] = PeerSampleFilter.Empty(4).Add(ProbeSampleTests.Sample(0, 10, 10, 20)),
        };

        var intervals = SyncRound.IntervalsFrom(filters, new NanoMoment(1_700_000_000_000_000_000 + 5_000), settings);

        Assert.Empty(intervals);
    }
}
