using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class NetworkSettingsTests
{
    [Fact]
    public void DdosGuardSettings_should_read_the_documented_defaults_when_nothing_is_overridden()
    {
        var settings = DdosGuardSettings.Create(RokoConfig.Defaults);

        Assert.Equal(5000, settings.RatePerSecond);
        Assert.Equal(10000, settings.Burst);
        Assert.Equal(250, settings.TokensPerPeriod);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.BlacklistBase);
        Assert.Equal(TimeSpan.FromHours(24), settings.BlacklistMax);
    }

    [Theory]
    [InlineData("roko.network.ddos.burst = -1", "roko.network.ddos.burst")]
    [InlineData("roko.network.ddos.score-half-life = banana", "roko.network.ddos.score-half-life")]
    [InlineData("roko.network.ddos.replenish-period = 1500us", "roko.network.ddos.replenish-period")]
    [InlineData("roko.network.ddos.blacklist-max = 1m", "roko.network.ddos.blacklist-max")]
    public void DdosGuardSettings_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => DdosGuardSettings.Create(RokoConfig.Load(null, hocon)));

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

public sealed class NetworkSettingsDefaultsTests
{
    [Fact]
    public void Every_network_settings_record_should_load_from_roko_conf_when_nothing_is_overridden()
    {
        var config = RokoConfig.Defaults;

        var rtt = RttSettings.Create(config);
        var routes = RouteSettings.Create(config);
        var outbound = OutboundQueueSettings.Create(config);
        var compression = CompressionSettings.Create(config);

        Assert.Equal(0.125, rtt.EwmaAlpha);
        Assert.Equal(TimeSpan.FromSeconds(10), rtt.MaxPlausible);
        Assert.Equal(4096, routes.CacheCapacity);
        Assert.Equal(0.2, routes.MaterialChange);
        Assert.Equal(TimeSpan.FromSeconds(5), routes.ShareInterval);
        Assert.Equal(1024, routes.MaxTableEntries);
        Assert.Equal(16, routes.MaxUnknownPeers);
        Assert.Equal(TimeSpan.FromSeconds(5), routes.LinkDownAfter);
        Assert.Equal(4, routes.MaxHops);
        Assert.Equal(1024, routes.MaxDestinations);
        Assert.Equal(64L * 1024 * 1024, outbound.MaxBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(5), outbound.BatchWindow);
        Assert.True(compression.Enabled);
        Assert.Equal(AcceptedCodecs.All, compression.Offered);
        Assert.Equal(AcceptedCodecs.None, (compression with { Enabled = false }).Offered);
        Assert.Equal(1024, compression.Threshold);
        Assert.Equal(PayloadCodec.Deflate, compression.Codec);
        Assert.Equal(16 * 1024 * 1024, compression.MaxDecompressed);
    }

    [Theory]
    [InlineData("roko.network.rtt.ewma-alpha = 0", "roko.network.rtt.ewma-alpha")]
    [InlineData("roko.network.routes.material-change = -0.5", "roko.network.routes.material-change")]
    [InlineData("roko.network.routes.share-interval = 1ms", "roko.network.routes.share-interval")]
    [InlineData("roko.network.routes.max-table-entries = 0", "roko.network.routes.max-table-entries")]
    [InlineData("roko.network.outbound.max-batch-messages = 20000", "roko.network.outbound.max-batch-messages")]
    [InlineData("roko.network.outbound.max-bytes = lots", "roko.network.outbound.max-bytes")]
    [InlineData("roko.network.compression.codec = zstd", "roko.network.compression.codec")]
    [InlineData("roko.network.compression.enabled = sometimes", "roko.network.compression.enabled")]
    [InlineData("roko.network.routes.max-hops = 0", "roko.network.routes.max-hops")]
    [InlineData("roko.network.routes.max-hops = 256", "roko.network.routes.max-hops")]
    [InlineData("roko.network.routes.link-down-after = 1ms", "roko.network.routes.link-down-after")]
    [InlineData("roko.network.routes.max-destinations = 0", "roko.network.routes.max-destinations")]
    [InlineData("roko.network.gossip.fanout = 0", "roko.network.gossip.fanout")]
    public void Network_settings_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var config = RokoConfig.Load(null, hocon);

        var error = Assert.Throws<InvalidSettingException>(() =>
        {
            RttSettings.Create(config);
            RouteSettings.Create(config);
            OutboundQueueSettings.Create(config);
            CompressionSettings.Create(config);
            GossipSettings.Create(config);
        });

        Assert.Equal(key, error.Key);
    }
}
