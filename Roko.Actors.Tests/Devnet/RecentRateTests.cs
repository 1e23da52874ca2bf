using Roko.Actors.Devnet;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

public sealed class RecentRateTests
{
    [Fact]
    public void Rate_should_be_the_growth_per_second_over_the_window_only()
    {
        var rate = new RecentRate(TimeSpan.FromSeconds(5));

        Assert.Equal(0, rate.Add(0, 0));
        Assert.Equal(100, rate.Add(1, 100));
        rate.Add(2, 1_000); // a burst early on
        for (int s = 3; s <= 10; s++) rate.Add(s, 1_000 + (s - 2) * 10);

        Assert.Equal(10, rate.Add(11, 1_090), precision: 6); // only the last five seconds count
    }
}
