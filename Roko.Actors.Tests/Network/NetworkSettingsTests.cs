using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class NetworkSettingsTests
{
    [Fact]
    public void DdosGuardSettings_should_read_the_documented_defaults_when_nothing_is_overridden()
    {
        var settings = DdosGuardSettings.Create(RokoConfig.Defaults);

        Assert.Equal(200, settings.RatePerSecond);
        Assert.Equal(400, settings.Burst);
        Assert.Equal(10, settings.TokensPerPeriod);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.BlacklistBase);
        Assert.Equal(TimeSpan.FromHours(24), settings.BlacklistMax);
    }

    [Theory]
    [InlineData("roko.network.ddos.burst = -1", "roko.network.ddos.burst")]
    [InlineData("roko.network.ddos.score-half-life = banana", "roko.network.ddos.score-half-life")]
    [InlineData("roko.network.ddos.replenish-period = 3ms", "roko.network.ddos.replenish-period")]
    [InlineData("roko.network.ddos.blacklist-max = 1m", "roko.network.ddos.blacklist-max")]
    public void DdosGuardSettings_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => DdosGuardSettings.Create(RokoConfig.With(hocon)));

        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Settings_should_name_the_section_when_it_is_missing()
    {
        var error = Assert.Throws<InvalidSettingException>(
            () => DdosGuardSettings.Create(Akka.Configuration.ConfigurationFactory.Empty));

        Assert.Equal("roko.network.ddos", error.Key);
    }
}
