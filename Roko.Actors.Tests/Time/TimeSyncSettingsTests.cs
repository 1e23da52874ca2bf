using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
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
        var config = ConfigurationFactory.ParseString("roko.timesync.samples-per-peer = lots");

        var error = Assert.Throws<SettingsException>(() => TimeSyncSettings.Create(config));

        Assert.Equal("roko.timesync.samples-per-peer", error.Key);
    }

    [Fact]
    public void Timesync_settings_should_refuse_more_frequency_min_points_than_the_window_holds()
    {
        var config = ConfigurationFactory.ParseString("roko.timesync { frequency-window = 8, frequency-min-points = 9 }");

        var error = Assert.Throws<SettingsException>(() => TimeSyncSettings.Create(config));

        Assert.Equal("roko.timesync.frequency-min-points", error.Key);
    }

    [Fact]
    public void Timesync_settings_should_read_the_probes_per_round_and_refuse_zero()
    {
        Assert.Equal(4, TimeSyncSettings.Create(ConfigurationFactory.ParseString("roko.timesync.probes-per-round = 4")).ProbesPerRound);

        var error = Assert.Throws<SettingsException>(() =>
            TimeSyncSettings.Create(ConfigurationFactory.ParseString("roko.timesync.probes-per-round = 0")));

        Assert.Equal("roko.timesync.probes-per-round", error.Key);
    }

    [Fact]
    public void Clock_defaults_in_roko_conf_should_match_the_settings_defaults()
    {
        var fromFile = ClockSourceSettings.Create(RokoConf());

        Assert.Equal(ClockSourceSettings.Default with { Simulated = fromFile.Simulated }, fromFile);
        Assert.Equal(ClockSourceSettings.Default.Simulated with { Steps = fromFile.Simulated.Steps }, fromFile.Simulated);
    }
}
