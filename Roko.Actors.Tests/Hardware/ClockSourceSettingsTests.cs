using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class ClockSourceSettingsTests
{
    [Fact]
    public void Settings_should_read_every_roko_clock_key()
    {
        var config = ConfigurationFactory.ParseString("""
            roko.clock {
              source = simulated
              phc-device = "/dev/ptp3"
              phc-claimed-error = 2us
              max-drift-ppm = 5
              step-threshold = 1s
              simulated { offset = -3ms, drift-ppm = 12.5, jitter = 40ns, seed = 7, claimed-error = 10us, status = free-running, step = -1s, step-after = 30s }
            }
            """).WithFallback(RokoConfig.Defaults);

        var s = ClockSourceSettings.Create(config);

        Assert.Equal(ClockSourceChoice.Simulated, s.Source);
        Assert.Equal("/dev/ptp3", s.PhcDevice);
        Assert.Equal(2_000, s.PhcClaimedErrorNanos);
        Assert.Equal(5, s.MaxDriftPpm);
        Assert.Equal(1_000_000_000, s.StepThresholdNanos);
        Assert.Equal(-3_000_000, s.Simulated.OffsetNanos);
        Assert.Equal(12.5, s.Simulated.DriftPpm);
        Assert.Equal(40, s.Simulated.JitterNanos);
        Assert.Equal(7, s.Simulated.Seed);
        Assert.Equal(10_000, s.Simulated.ClaimedErrorNanos);
        Assert.Equal(ClockStatus.FreeRunning, s.Simulated.ClaimedStatus);
        Assert.Equal(-1_000_000_000, s.Simulated.StepNanos);
        Assert.Equal(30_000_000_000, s.Simulated.StepAfterNanos);
        Assert.IsType<SimulatedClockSource>(s.CreateSource());
    }

    [Theory]
    [InlineData("roko.clock.source = atomic", "roko.clock.source")]
    [InlineData("roko.clock.max-drift-ppm = fast", "roko.clock.max-drift-ppm")]
    [InlineData("roko.clock.max-drift-ppm = -1", "roko.clock.max-drift-ppm")]
    [InlineData("roko.clock.simulated.jitter = 5", "roko.clock.simulated.jitter")]
    public void Settings_should_name_the_key_of_a_bad_value(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => ClockSourceSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults)));

        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_phc_device_should_fall_back_to_the_system_clock_and_say_why()
    {
        var settings = ShippedClockSettings.Clock with { Source = ClockSourceChoice.Phc, PhcDevice = "/dev/ptp-missing-for-test" };

        var source = settings.CreateSourceOrFallBack(out var failure);

        Assert.Same(SystemClockSource.Instance, source);
        Assert.NotNull(failure);
        Assert.Equal("/dev/ptp-missing-for-test", Assert.IsType<ClockUnavailableException>(failure).DevicePath);
        Assert.Throws<ClockUnavailableException>(() => settings.CreateSource());
    }

    [Fact]
    public void Hardware_reference_config_should_declare_the_pinned_clock_dispatcher()
    {
        Assert.Equal("PinnedDispatcher", Roko.Actors.Hardware.HardwareConfig.Default.GetString("roko.hardware.clock-dispatcher.type"));
    }
}
