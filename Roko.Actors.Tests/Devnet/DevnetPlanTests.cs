using Akka.Configuration;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Configuration;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

/// <summary>What `roko devnet` starts: the HOCON defaults (roko.devnet), the flags over them, an existing network's genesis over both.</summary>
public sealed class DevnetPlanTests
{
    private static readonly Config Config = DevnetConfig.Load();
    private static readonly DevnetDefaults Defaults = DevnetDefaults.Create(Config);
    private static readonly DevnetSettings Settings = DevnetSettings.Create(Config);

    private static DevnetPlan Resolve(DevnetOptions options, int? existing = null) => DevnetPlan.Resolve(options, Defaults, Settings, existing);

    [Fact]
    public void Default_plan_should_be_six_validators_two_per_region_one_archive_wan_and_200_tx_per_second_when_no_flag_is_given()
    {
        var plan = Resolve(new DevnetOptions("devnet-data", null, null, null));

        Assert.Equal(6, plan.Validators);
        Assert.Equal(1, plan.Archives);
        Assert.Equal(1, plan.Light);
        Assert.True(plan.Wan);
        Assert.Equal(200, plan.TxRate);
        var perRegion = Enumerable.Range(0, plan.Validators).GroupBy(plan.ValidatorRegion).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["na"] = 2, ["eu"] = 2, ["apac"] = 2 }, perRegion);
        Assert.Equal(8642, plan.HttpPortOf(0));
        Assert.Equal(8642 + 6, plan.ArchiveHttpPort(0));
    }

    [Fact]
    public void Plan_should_take_the_flags_over_the_defaults_when_they_are_given()
    {
        var plan = Resolve(new DevnetOptions("d", Validators: 4, Duration: null, TxRate: 25, Wan: false, HttpPort: 9000, Archives: 2, Light: 3));

        Assert.Equal((4, 2, 3, false, 25.0), (plan.Validators, plan.Archives, plan.Light, plan.Wan, plan.TxRate));
        Assert.Equal(9003, plan.HttpPortOf(3));
        Assert.Equal(9005, plan.ArchiveHttpPort(1));
    }

    [Fact]
    public void Plan_should_give_every_node_a_free_port_when_the_http_port_is_zero()
    {
        var plan = Resolve(new DevnetOptions("d", 3, null, null, HttpPort: 0, Archives: 1));

        Assert.All(Enumerable.Range(0, plan.NodeCount), i => Assert.Equal(0, plan.HttpPortOf(i)));
    }

    [Fact]
    public void Plan_should_keep_an_existing_networks_validators_when_no_count_is_asked()
    {
        Assert.Equal(1, Resolve(new DevnetOptions("d", null, null, null), existing: 1).Validators);
    }

    [Theory]
    [InlineData(3, null, null, 1, "--validators 3 cannot change an existing network")]
    [InlineData(0, null, null, null, "--validators must be at least 1")]
    [InlineData(null, -1, null, null, "--archive must be >= 0")]
    [InlineData(null, null, -5.0, null, "--tx-rate must be >= 0")]
    public void Plan_should_refuse_naming_the_flag_when_a_count_is_impossible(int? validators, int? archives, double? rate, int? existing, string expected)
    {
        var e = Assert.Throws<DevnetException>(() => Resolve(new DevnetOptions("d", validators, null, rate, Archives: archives), existing));

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Plan_should_refuse_a_negative_light_count_naming_the_flag()
    {
        var e = Assert.Throws<DevnetException>(() => Resolve(new DevnetOptions("d", null, null, null, Light: -1)));

        Assert.Contains("--light must be >= 0", e.Message);
    }

    [Fact]
    public void Plan_should_refuse_an_http_port_range_past_65535_naming_the_option()
    {
        var e = Assert.Throws<DevnetException>(() => Resolve(new DevnetOptions("d", 6, null, null, HttpPort: 65530, Archives: 1)));

        Assert.Contains("--http-port 65530", e.Message);
    }

    [Fact]
    public void Defaults_should_refuse_a_negative_archive_count_naming_the_key()
    {
        var bad = ConfigurationFactory.ParseString("roko.devnet.archive = -1").WithFallback(Config);

        var e = Assert.Throws<InvalidSettingException>(() => DevnetDefaults.Create(bad));

        Assert.Equal("roko.devnet.archive", e.Key);
        Assert.Contains("roko.devnet.archive", e.Message);
    }
}
