using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Primitives;

public sealed class NearestRankSpec
{
    private static readonly double[] Hundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.01, 1)]
    [InlineData(0.5, 50)]
    [InlineData(0.505, 51)]
    [InlineData(0.99, 99)]
    [InlineData(1.0, 100)]
    public void It_should_take_the_value_at_rank_ceiling_of_fraction_times_count(double fraction, double expected) =>
        Assert.Equal(expected, NearestRank.Of(Hundred, fraction));

    [Fact]
    public void It_should_be_one_of_the_values_never_an_interpolation()
    {
        long[] two = [10, 20];
        Assert.Equal(10, NearestRank.Of(two, 0.5));
        Assert.Equal(20, NearestRank.Of(two, 0.51));
        Assert.Equal(20, NearestRank.Of(two, 0.99));
    }

    [Fact]
    public void A_single_value_should_be_every_percentile()
    {
        Assert.Equal(7.5, NearestRank.Of([7.5], 0.0));
        Assert.Equal(7.5, NearestRank.Of([7.5], 0.99));
    }

    [Fact]
    public void No_values_or_a_fraction_outside_zero_to_one_should_be_refused_naming_the_argument()
    {
        Assert.Equal("ascending", Assert.Throws<ArgumentException>(() => NearestRank.Of(Array.Empty<double>(), 0.5)).ParamName);
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.Of(Hundred, 99)).ParamName);
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.Of(Hundred, double.NaN)).ParamName);
    }
}
