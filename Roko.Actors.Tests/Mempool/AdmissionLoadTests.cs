using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Mempool;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Mempool;

public sealed class AdmissionLoadTests
{
    private static readonly AdmissionSettings Settings = new(ProbeInterval: TimeSpan.FromMilliseconds(100),
        BusyAbove: TimeSpan.FromMilliseconds(100), ClearBelow: TimeSpan.FromMilliseconds(40), Smoothing: 0.5,
        RetryAfter: TimeSpan.FromSeconds(2), MinPending: 1000,
        BusyVerifyHeadroom: TimeSpan.FromMilliseconds(50), BusySliceLag: TimeSpan.FromSeconds(1));

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Load_should_turn_busy_only_when_the_smoothed_lateness_passes_the_threshold()
    {
        var load = new AdmissionLoad(Settings);

        Assert.False(load.Observe(Ms(180))); // smoothed 90 ms: one late tick is not enough
        Assert.False(load.Busy);
        Assert.True(load.Observe(Ms(180))); // smoothed 135 ms
        Assert.True(load.Busy);
        Assert.Equal(135, load.Lag.TotalMilliseconds, 3);
    }

    [Fact]
    public void Load_should_stay_busy_until_the_smoothed_lateness_falls_below_the_clear_threshold()
    {
        var load = new AdmissionLoad(Settings);
        load.Observe(Ms(400)); // 200 ms: busy

        Assert.False(load.Observe(Ms(0)));  // 100 ms: still busy (hysteresis)
        Assert.False(load.Observe(Ms(0)));  // 50 ms: still above 40
        Assert.True(load.Busy);
        Assert.True(load.Observe(Ms(0)));   // 25 ms: ready again
        Assert.False(load.Busy);
    }

    [Fact]
    public void Load_should_treat_an_early_tick_as_on_time()
    {
        var load = new AdmissionLoad(Settings);

        load.Observe(Ms(-50));

        Assert.Equal(TimeSpan.Zero, load.Lag);
    }

    [Fact]
    public void Refusal_should_give_the_lateness_the_setting_and_the_retry_time()
    {
        var load = new AdmissionLoad(Settings);
        load.Observe(Ms(400));

        Assert.Equal("this node is too busy to take transactions now: its dispatcher runs 200 ms late " +
                     "(roko.mempool.admission.busy-above = 100 ms); retry after 2 s", load.Refusal());
    }

    [Fact]
    public void Settings_should_read_the_documented_defaults()
    {
        var settings = AdmissionSettings.Create(RokoConfig.Defaults);

        Assert.Equal(new AdmissionSettings(Ms(100), Ms(100), Ms(40), 0.3, TimeSpan.FromSeconds(1), 1000, Ms(50), TimeSpan.FromSeconds(1)), settings);
    }

    [Theory]
    [InlineData("roko.mempool.admission.clear-below = 150ms", "roko.mempool.admission.clear-below")]
    [InlineData("roko.mempool.admission.smoothing = 0", "roko.mempool.admission.smoothing")]
    [InlineData("roko.mempool.admission.probe-interval = 1ms", "roko.mempool.admission.probe-interval")]
    [InlineData("roko.mempool.admission.min-pending = -1", "roko.mempool.admission.min-pending")]
    public void Settings_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => AdmissionSettings.Create(RokoConfig.Load(null, hocon)));

        Assert.Equal(key, error.Key);
    }
}
