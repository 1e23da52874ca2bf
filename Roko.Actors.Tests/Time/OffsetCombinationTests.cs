using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class OffsetCombinationTests
{
    [Fact]
    public void Combination_should_weight_points_by_the_inverse_square_of_their_half_width()
    {
        // Half-widths 10 and 20: weights 4 : 1, so the point is 4/5 of the way to the narrow peer's.
        PeerInterval[] survivors = [new("narrow", 90, 110) { PointNanos = 100 }, new("wide", 180, 220) { PointNanos = 200 }];

        Assert.Equal(120, OffsetCombination.Combine(survivors, 0, 1_000));
    }

    [Fact]
    public void Combination_should_be_clamped_into_the_agreed_interval()
    {
        PeerInterval[] survivors = [new("a", 0, 100) { PointNanos = 90 }, new("b", 40, 140) { PointNanos = 95 }];

        Assert.Equal(60, OffsetCombination.Combine(survivors, 40, 60));
    }

    [Fact]
    public void Combination_should_ignore_peers_without_a_point_and_be_unknown_without_any()
    {
        PeerInterval[] survivors = [new("a", 0, 100), new("b", 0, 100) { PointNanos = 30 }];

        Assert.Equal(30, OffsetCombination.Combine(survivors, 0, 100));
        Assert.Null(OffsetCombination.Combine([new PeerInterval("a", 0, 100)], 0, 100));
    }

    [Fact]
    public void Combination_should_survive_a_zero_width_source()
    {
        PeerInterval[] survivors = [new("exact", 50, 50) { PointNanos = 50 }, new("b", 0, 1_000) { PointNanos = 500 }];

        Assert.Equal(50, OffsetCombination.Combine(survivors, 50, 50));
    }

    [Fact]
    public void Combination_should_refuse_an_empty_agreed_interval()
    {
        var error = Assert.Throws<ArgumentException>(() => OffsetCombination.Combine([], 10, 5));

        Assert.Contains("[10, 5]", error.Message);
    }
}
