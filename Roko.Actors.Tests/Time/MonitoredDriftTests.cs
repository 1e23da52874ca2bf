using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public sealed class MonitoredDriftTests
{
    [Theory]
    [InlineData(0, -1_000_000, 1_000_000, 0)]            // inside a wide interval: no provable drift
    [InlineData(-1_000_000, -1_000_000, 1_000_000, 0)]   // on the edge
    [InlineData(-3_000_000, -1_000_000, 1_000_000, 2_000_000)] // our clock behind: network ahead by 2 ms
    [InlineData(1_000_000_000, -500, 500, -999_999_500)] // a card 1 s ahead of a tight network
    public void Drift_should_be_the_distance_from_the_agreed_interval(long own, long low, long high, long expected)
    {
        Assert.Equal(expected, MonitoredDrift.Beyond(own, low, high));
    }

    [Fact]
    public void Drift_should_refuse_an_empty_interval()
    {
        Assert.Throws<ArgumentException>(() => MonitoredDrift.Beyond(0, 10, -10));
    }
}
