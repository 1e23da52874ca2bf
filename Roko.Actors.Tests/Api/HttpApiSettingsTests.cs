using Akka.Configuration;
using Roko.Actors.Api;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Api;

public sealed class HttpApiSettingsTests
{
    private static HttpApiSettings Read(string hocon, string? environmentToken = null) =>
        HttpApiSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults),
            name => name == HttpApiSettings.TokenEnvironmentVariable ? environmentToken : null);

    [Fact]
    public void Settings_should_have_the_documented_defaults()
    {
        var settings = Read("");

        Assert.True(settings.Enabled);
        Assert.Equal("127.0.0.1", settings.Host.ToString());
        Assert.Equal(8642, settings.Port);
        Assert.Null(settings.Token);
        Assert.False(settings.RequireTokenForTransactions);
        Assert.Equal(16384, settings.MaxRequestBodyBytes);
        Assert.Equal(5, settings.MonitoringRatePerSecond);
        Assert.Equal(20, settings.MonitoringBurst);
    }

    [Fact]
    public void Token_should_come_from_the_environment_variable_over_hocon_when_it_is_set()
    {
        Assert.Equal("from-env", Read("roko.http.token = from-hocon", "from-env").Token);
        Assert.Equal("from-hocon", Read("roko.http.token = from-hocon", "").Token);
    }

    [Theory]
    [InlineData("roko.http.host = localhost", "roko.http.host")]
    [InlineData("roko.http.port = 70000", "roko.http.port")]
    [InlineData("roko.http.monitoring.rate-per-second = 0", "roko.http.monitoring.rate-per-second")]
    [InlineData("roko.http.monitoring.burst = 0", "roko.http.monitoring.burst")]
    [InlineData("roko.http.max-request-body-bytes = 10", "roko.http.max-request-body-bytes")]
    [InlineData("roko.http.token = \"a b\"", "roko.http.token")]
    public void Settings_should_refuse_a_bad_value_naming_its_key(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(hocon));

        Assert.Equal(key, error.Key);
    }
}
