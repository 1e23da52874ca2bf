using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Roko.Actors.Time;
using Xunit;

namespace Roko.Actors.Tests.Time;

public class TimeSyncSettingsTests
{
    /// <summary>The shipped defaults: hocon/roko.conf as embedded in the roko executable.</summary>
    internal static Config RokoConf() => Roko.Actors.Nodes.RokoConfig.Embedded("roko.conf");

    [Fact]
    public void Timesync_defaults_in_roko_conf_should_match_the_settings_defaults()
    {
        Assert.Equal(TimeSyncSettings.Default, TimeSyncSettings.Create(RokoConf()));
    }

    [Fact]
    public void Timesync_settings_should_name_the_key_of_a_bad_value()
    {
        var config = ConfigurationFactory.ParseString("roko.timesync.samples-per-peer = lots").WithFallback(RokoConfig.Defaults);

        var error = Assert.Throws<InvalidSettingException>(() => TimeSyncSettings.Create(config));

        Assert.Equal("roko.timesync.samples-per-peer", error.Key);
    }

    [Fact]
    public void Timesync_settings_should_refuse_more_frequency_min_points_than_the_window_holds()
    {
        var config = ConfigurationFactory.ParseString("roko.timesync { frequency-window = 8, frequency-min-points = 9 }").WithFallback(RokoConfig.Defaults);

        var error = Assert.Throws<InvalidSettingException>(() => TimeSyncSettings.Create(config));

        Assert.Equal("roko.timesync.frequency-min-points", error.Key);
    }

    [Fact]
    public void Timesync_settings_should_read_the_probes_per_round_and_refuse_zero()
    {
        Assert.Equal(4, TimeSyncSettings.Create(ConfigurationFactory.ParseString("roko.timesync.probes-per-round = 4").WithFallback(RokoConfig.Defaults)).ProbesPerRound);

        var error = Assert.Throws<InvalidSettingException>(() =>
            TimeSyncSettings.Create(ConfigurationFactory.ParseString("roko.timesync.probes-per-round = 0").WithFallback(RokoConfig.Defaults)));

        Assert.Equal("roko.timesync.probes-per-round", error.Key);
    }

    [Fact]
    public void Clock_defaults_in_roko_conf_should_match_the_settings_defaults()
    {
        var fromFile = ClockSourceSettings.Create(RokoConf());

        Assert.Equal(ShippedClockSettings.Clock with { Simulated = fromFile.Simulated }, fromFile);
        Assert.Equal(ShippedClockSettings.Clock.Simulated with { Steps = fromFile.Simulated.Steps }, fromFile.Simulated);
    }
}
