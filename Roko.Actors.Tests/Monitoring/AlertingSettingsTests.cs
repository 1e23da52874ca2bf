using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class AlertingSettingsTests
{
    private static Config Devnet { get; } = ConfigurationFactory
        .ParseString(File.ReadAllText(RepositoryRoot.Combine("hocon", "devnet.conf")))
        .WithFallback(RokoConfig.Defaults);

    [Fact]
    public void Defaults_should_be_the_seeds_thresholds()
    {
        var settings = AlertingSettings.Create(RokoConfig.Defaults);
        var rules = settings.Rules.ToDictionary(r => r.Name);

        Assert.Equal(TimeSpan.FromSeconds(1), settings.EvaluationInterval);
        Assert.Null(settings.AlertmanagerUrl);
        Assert.Null(settings.GeneratorUrl);
        Assert.Equal((AlertComparison.Below, 100.0, AlertSeverity.High, "Low peer count"),
            (rules["low-peer-count"].Comparison, rules["low-peer-count"].Threshold, rules["low-peer-count"].Severity, rules["low-peer-count"].Summary));
        Assert.Equal((AlertComparison.Above, 1e-6, 0.8e-6, AlertSeverity.Critical, AutomatedResponse.StopProposing),
            (rules["excessive-time-drift"].Comparison, rules["excessive-time-drift"].Threshold, rules["excessive-time-drift"].ResolveThreshold,
             rules["excessive-time-drift"].Severity, rules["excessive-time-drift"].Response));
        Assert.Equal((SeedMetric.LatencyP99, 0.5, AlertSeverity.Warning),
            (rules["high-latency"].Metric, rules["high-latency"].Threshold, rules["high-latency"].Severity));
        Assert.Equal((AlertComparison.Below, 0.66, AlertSeverity.Critical, "Network at risk"),
            (rules["network-at-risk"].Comparison, rules["network-at-risk"].Threshold, rules["network-at-risk"].Severity, rules["network-at-risk"].Summary));
        Assert.Equal((SeedMetric.UnresolvedForks, AlertComparison.Above, 0.0, AlertSeverity.Critical, TimeSpan.Zero),
            (rules["fork-detected"].Metric, rules["fork-detected"].Comparison, rules["fork-detected"].Threshold, rules["fork-detected"].Severity,
             rules["fork-detected"].For));
        // The consensus precision (roko.consensus.precision, 100 ms): a wider clock bound stops signing.
        Assert.Equal((SeedMetric.SyncAccuracy, AlertComparison.Above, 0.1, 0.08, AutomatedResponse.StopProposing),
            (rules["clock-error-beyond-precision"].Metric, rules["clock-error-beyond-precision"].Comparison, rules["clock-error-beyond-precision"].Threshold,
             rules["clock-error-beyond-precision"].ResolveThreshold, rules["clock-error-beyond-precision"].Response));
        // Not a seed threshold: any component stopped for good fires at once.
        Assert.Equal((SeedMetric.StoppedComponents, AlertComparison.Above, 0.0, AlertSeverity.Critical, TimeSpan.Zero),
            (rules["component-stopped"].Metric, rules["component-stopped"].Comparison, rules["component-stopped"].Threshold,
             rules["component-stopped"].Severity, rules["component-stopped"].For));
    }

    [Fact]
    public void Devnet_conf_should_loosen_the_thresholds_for_a_small_network_on_software_clocks()
    {
        var rules = AlertingSettings.Create(Devnet).Rules.ToDictionary(r => r.Name);

        Assert.Equal(2, rules["low-peer-count"].Threshold);
        Assert.Equal(0.05, rules["excessive-time-drift"].Threshold, precision: 12);
        Assert.Equal(0.04, rules["excessive-time-drift"].ResolveThreshold, precision: 12);
        Assert.Equal(AlertSeverity.Critical, rules["excessive-time-drift"].Severity);
        Assert.Equal(0.66, rules["network-at-risk"].Threshold);
    }

    [Fact]
    public void Latency_thresholds_should_follow_the_emulated_link_profile_when_wan_emulation_is_on()
    {
        var off = AlertingSettings.Create(Devnet).Rules.ToDictionary(r => r.Name);
        var on = AlertingSettings.Create(ConfigurationFactory.ParseString("roko.network.wan.enabled = on").WithFallback(Devnet)).Rules
            .ToDictionary(r => r.Name);

        // The default profile's longest round trip: 2 x 75 ms (eu-apac, na-apac) + 2 x 1 ms jitter.
        Assert.Equal(0.2, off["high-latency"].Threshold, precision: 12);
        Assert.Equal(0.15, off["high-latency"].ResolveThreshold, precision: 12);
        Assert.Equal(0.352, on["high-latency"].Threshold, precision: 12);
        Assert.Equal(0.302, on["high-latency"].ResolveThreshold, precision: 12);
        Assert.All(on.Values.Where(r => r.Name != "high-latency"), r => Assert.Equal(off[r.Name], r));
    }

    [Fact]
    public void Disabled_rule_should_be_left_out()
    {
        var all = AlertingSettings.Create(RokoConfig.Load(null, null));
        var settings = AlertingSettings.Create(RokoConfig.Load(null, "roko.alerting.rules.high-latency.enabled = off"));

        Assert.DoesNotContain(settings.Rules, r => r.Name == "high-latency");
        Assert.Equal(all.Rules.Select(r => r.Name).Where(n => n != "high-latency"), settings.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Operator_should_be_able_to_add_a_rule_of_their_own()
    {
        var settings = AlertingSettings.Create(RokoConfig.Load(null, """
            roko.alerting.rules.slow-finality {
              summary = "Slow finality", metric = finality_time, comparison = above
              threshold = 3s, resolve-threshold = 2s, severity = warning, for = 30s, response = none
            }
            """));

        var rule = Assert.Single(settings.Rules, r => r.Name == "slow-finality");
        Assert.Equal((3.0, 2.0, TimeSpan.FromSeconds(30)), (rule.Threshold, rule.ResolveThreshold, rule.For));
    }

    [Theory]
    [InlineData("roko.alerting.evaluation-interval = 0s", "roko.alerting.evaluation-interval")]
    [InlineData("roko.alerting.alertmanager-url = \"ftp://x\"", "roko.alerting.alertmanager-url")]
    [InlineData("roko.alerting.retry-max-backoff = 10ms", "roko.alerting.retry-max-backoff")]
    [InlineData("roko.alerting.rules.low-peer-count.metric = peers", "roko.alerting.rules.low-peer-count.metric")]
    [InlineData("roko.alerting.rules.low-peer-count.comparison = under", "roko.alerting.rules.low-peer-count.comparison")]
    [InlineData("roko.alerting.rules.low-peer-count.severity = page", "roko.alerting.rules.low-peer-count.severity")]
    [InlineData("roko.alerting.rules.low-peer-count.response = panic", "roko.alerting.rules.low-peer-count.response")]
    [InlineData("roko.alerting.rules.low-peer-count.resolve-threshold = 90", "roko.alerting.rules.low-peer-count.resolve-threshold")]
    [InlineData("roko.alerting.rules.excessive-time-drift.resolve-threshold = 2us", "roko.alerting.rules.excessive-time-drift.resolve-threshold")]
    [InlineData("roko.alerting.rules.network-at-risk.threshold = 66", "roko.alerting.rules.network-at-risk.threshold")]
    [InlineData("roko.alerting.rules.excessive-time-drift.threshold = lots", "roko.alerting.rules.excessive-time-drift.threshold")]
    [InlineData("roko.alerting.network-topic = \"\"", "roko.alerting.network-topic")]
    [InlineData("roko.alerting.network-topic = \"a/b\"", "roko.alerting.network-topic")]
    public void Bad_value_should_be_refused_with_an_error_naming_the_key(string overrides, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => AlertingSettings.Create(RokoConfig.Load(null, overrides)));

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Configured_alertmanager_url_should_be_read()
    {
        var settings = AlertingSettings.Create(RokoConfig.Load(null, "roko.alerting.alertmanager-url = \"http://127.0.0.1:9093\""));

        Assert.Equal(new Uri("http://127.0.0.1:9093"), settings.AlertmanagerUrl);
    }
}
