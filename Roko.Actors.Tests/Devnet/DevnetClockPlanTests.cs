using Akka.Configuration;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Devnet;

public class DevnetClockPlanTests
{
    private static ClockSourceSettings ClockOf(int index, DevnetClockSettings settings) =>
        ClockSourceSettings.Create(ConfigurationFactory.ParseString(DevnetClockPlan.HoconFor(index, settings)).WithFallback(RokoConfig.Defaults));

    [Fact]
    public void Devnet_clock_plan_should_make_three_of_every_four_validators_time_cards()
    {
        var settings = DevnetClockSettings.Create(RokoConfig.Defaults);
        foreach (int i in new[] { 0, 1, 2, 4, 5, 6, 8 })
        {
            var clock = ClockOf(i, settings);
            Assert.Equal(ClockSourceChoice.Simulated, clock.Source);
            Assert.True(clock.Simulated.TimeCard);
            Assert.Equal(ClockStatus.Synchronized, clock.Simulated.ClaimedStatus);
            Assert.Equal(1_000, clock.Simulated.ClaimedErrorNanos);
            Assert.Equal(0, clock.Simulated.OffsetNanos);
        }
    }

    [Fact]
    public void Devnet_clock_plan_should_give_the_others_seeded_offsets_and_drifts_within_bounds()
    {
        // Fewer than a third of any devnet's validators start unsynchronized, so the first height can gather > 2/3.
        foreach (int n in new[] { 4, 6, 7, 12, 25 })
            Assert.True(3 * Enumerable.Range(0, n).Count(DevnetClockPlan.IsTimeCard) > 2 * n, $"{n} validators");
        var settings = DevnetClockSettings.Create(RokoConfig.Defaults);
        foreach (int i in new[] { 3, 7, 11, 15 })
        {
            var clock = ClockOf(i, settings);
            Assert.False(clock.Simulated.TimeCard);
            Assert.Equal(ClockStatus.Unsynchronized, clock.Simulated.ClaimedStatus);
            Assert.InRange(clock.Simulated.OffsetNanos, -20_000_000, 20_000_000);
            Assert.InRange(clock.Simulated.DriftPpm, -100, 100);
            Assert.Equal(200, clock.MaxDriftPpm);
            Assert.Equal(DevnetClockPlan.HoconFor(i, settings), DevnetClockPlan.HoconFor(i, settings));
        }
        Assert.NotEqual(ClockOf(3, settings).Simulated.OffsetNanos, ClockOf(3, settings with { Seed = 2 }).Simulated.OffsetNanos);
    }

    [Fact]
    public void Devnet_clock_settings_should_read_every_key_and_name_a_bad_one()
    {
        var s = DevnetClockSettings.Create(ConfigurationFactory.ParseString("""
            roko.devnet.clocks { simulated = off, time-card-error = 2us, time-card-max-drift-ppm = 0.1, max-initial-offset = 5ms,
              max-drift-ppm = 50, slew-ppm = 1000, step-threshold = 2ms, seed = 9 }
            """).WithFallback(RokoConfig.Defaults));
        Assert.Equal(new DevnetClockSettings
        {
            Simulated = false, TimeCardErrorNanos = 2_000, TimeCardMaxDriftPpm = 0.1, MaxInitialOffsetNanos = 5_000_000,
            MaxDriftPpm = 50, SlewPpm = 1000, StepThresholdNanos = 2_000_000, Seed = 9,
        }, s);
        Assert.Equal("", DevnetClockPlan.HoconFor(0, s));
        Assert.Equal(DevnetClockSettings.Default, DevnetClockSettings.Create(RokoConfig.Defaults));
        var e = Assert.Throws<InvalidSettingException>(() => DevnetClockSettings.Create(ConfigurationFactory.ParseString("roko.devnet.clocks.max-drift-ppm = -1").WithFallback(RokoConfig.Defaults)));
        Assert.Contains("roko.devnet.clocks.max-drift-ppm", e.Message);
    }
}
