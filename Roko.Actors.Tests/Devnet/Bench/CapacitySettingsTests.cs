using Roko.Actors.Devnet.Bench;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Devnet.Bench;

public sealed class CapacitySettingsTests
{
    [Fact]
    public void Settings_should_read_the_shipped_defaults()
    {
        var settings = CapacitySettings.Create(RokoConfig.Defaults);

        Assert.Equal([200, 400, 800, 1600], settings.Rates);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Duration);
        Assert.Equal(new CapacityRule(0.99, TimeSpan.FromSeconds(2)), settings.Rule);
    }

    [Fact]
    public void Settings_should_refuse_decreasing_rates_naming_the_key()
    {
        var config = RokoConfig.Parse("roko.bench.capacity.rates = [800, 400]").WithFallback(RokoConfig.Defaults);

        var e = Assert.Throws<InvalidSettingException>(() => CapacitySettings.Create(config));
        Assert.Contains("roko.bench.capacity.rates", e.Message);
    }
}
