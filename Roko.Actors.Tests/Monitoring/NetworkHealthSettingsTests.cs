using Roko.Actors.ClusterAccess;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class NetworkHealthSettingsTests
{
    [Fact]
    public void Defaults_should_report_every_two_seconds_and_serve_cluster_clients()
    {
        var health = NetworkHealthSettings.Create(RokoConfig.Defaults);
        var access = ClusterAccessSettings.Create(RokoConfig.Defaults);

        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), (health.ReportInterval, health.StaleAfter));
        Assert.Equal((true, 1000, TimeSpan.FromSeconds(5)), (access.Enabled, access.MaxSubscribers, access.SubmitTimeout));
        Assert.Equal("roko-alerts", AlertingSettings.Create(RokoConfig.Defaults).NetworkTopic);
    }

    [Theory]
    [InlineData("roko.health.stale-after = 1s", "roko.health.stale-after")]
    [InlineData("roko.health.report-interval = 0s", "roko.health.report-interval")]
    public void Bad_health_setting_should_be_refused_naming_the_key(string overrides, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => NetworkHealthSettings.Create(RokoConfig.Load(null, overrides)));

        Assert.Equal(key, error.Key);
    }

    [Theory]
    [InlineData("roko.cluster-access.max-subscribers = 0", "roko.cluster-access.max-subscribers")]
    [InlineData("roko.cluster-access.submit-timeout = 1ms", "roko.cluster-access.submit-timeout")]
    public void Bad_cluster_access_setting_should_be_refused_naming_the_key(string overrides, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => ClusterAccessSettings.Create(RokoConfig.Load(null, overrides)));

        Assert.Equal(key, error.Key);
    }
}
