using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class OverlaySettingsTests
{
    [Fact]
    public void Settings_should_read_the_documented_defaults()
    {
        var settings = OverlaySettings.Create(RokoConfig.Defaults);

        Assert.Equal("/user/node/peers", settings.PeersPath);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.HelloInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ReselectInterval);
        Assert.True(settings.DownOnBadHandshake);
        Assert.Equal(16 * 1024 * 1024, settings.Envelope.MaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Envelope.MaxAge);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Envelope.FutureAllowance);
    }

    [Theory]
    [InlineData("roko.network.session.peers-path = \"peers\"", "roko.network.session.peers-path")]
    [InlineData("roko.network.session.ping-interval = 0s", "roko.network.session.ping-interval")]
    [InlineData("roko.network.envelope.max-bytes = 10", "roko.network.envelope.max-bytes")]
    [InlineData("roko.network.envelope.max-age = 0s", "roko.network.envelope.max-age")]
    public void Settings_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => OverlaySettings.Create(RokoConfig.Load(null, hocon)));

        Assert.Contains(key, error.Message);
    }
}
