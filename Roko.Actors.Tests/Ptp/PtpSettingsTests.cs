using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Ptp;

public class PtpSettingsTests
{
    internal static PtpSettings FromHocon(string hocon) =>
        PtpSettings.Create(SettingsReader.Section(RokoConfig.Load(null, hocon), PtpSettings.Section));

    [Fact]
    public void Defaults_should_be_the_grandmaster_settings_when_read_from_roko_conf()
    {
        var settings = FromHocon("");

        Assert.Equal(0, settings.Domain);
        Assert.Equal(128, settings.Priority1);
        Assert.Equal(128, settings.Priority2);
        Assert.Equal(PtpTimeSource.Gps, settings.TimeSource);
        Assert.Equal(0x20, (byte)settings.TimeSource);
        Assert.Equal(1, settings.LogAnnounceInterval);
        Assert.Equal(0, settings.LogSyncInterval);
        Assert.Equal(0, settings.LogMinDelayRequestInterval);
        Assert.Equal(248, settings.ClockClass);
        Assert.Equal(0xFE, settings.ClockAccuracy);
        Assert.Equal(PtpTransport.UdpIPv4, settings.Transport);
        Assert.Equal(PtpTimeStamping.Hardware, settings.TimeStamping);
        Assert.Equal("eth0", settings.Interface);
        Assert.False(settings.SlaveOnly);
        Assert.False(settings.FreeRunning);
        Assert.Equal("/var/run/ptp4l", settings.ManagementSocketPath);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ManagementTimeout);
    }

    [Fact]
    public void Create_should_read_every_key_when_all_are_overridden()
    {
        var settings = FromHocon("""
            roko.ptp {
              domain = 24, priority1 = 1, priority2 = 2, clock-class = 6, clock-accuracy = 33
              time-source = ntp, announce-interval = -2, sync-interval = -4, delay-request-interval = 3
              transport = L2, time-stamping = software, interface = veth1, slave-only = on, free-running = yes
              uds-path = "/tmp/ptp/client.sock", management-timeout = 250ms
            }
            """);

        Assert.Equal(new PtpSettings
        {
            Domain = 24, Priority1 = 1, Priority2 = 2, ClockClass = 6, ClockAccuracy = 33,
            TimeSource = PtpTimeSource.Ntp, LogAnnounceInterval = -2, LogSyncInterval = -4,
            LogMinDelayRequestInterval = 3, Transport = PtpTransport.Layer2,
            TimeStamping = PtpTimeStamping.Software, Interface = "veth1", SlaveOnly = true, FreeRunning = true,
            ManagementSocketPath = "/tmp/ptp/client.sock", ManagementTimeout = TimeSpan.FromMilliseconds(250),
        }, settings);
    }

    [Fact]
    public void Create_should_accept_a_numeric_time_source_when_in_range()
    {
        Assert.Equal(PtpTimeSource.AtomicClock, FromHocon("roko.ptp.time-source = 16").TimeSource);
        Assert.Equal((PtpTimeSource)0xFE, FromHocon("roko.ptp.time-source = 254").TimeSource);
    }

    [Theory]
    [InlineData("roko.ptp.domain = 128", "roko.ptp.domain", "out of range 0..127")]
    [InlineData("roko.ptp.domain = -1", "roko.ptp.domain", "out of range")]
    [InlineData("roko.ptp.priority1 = 256", "roko.ptp.priority1", "out of range 0..255")]
    [InlineData("roko.ptp.priority2 = x", "roko.ptp.priority2", "not an integer")]
    [InlineData("roko.ptp.clock-class = 300", "roko.ptp.clock-class", "out of range")]
    [InlineData("roko.ptp.clock-accuracy = 1.5", "roko.ptp.clock-accuracy", "not an integer")]
    [InlineData("roko.ptp.time-source = 15", "roko.ptp.time-source", "out of range 16..254")]
    [InlineData("roko.ptp.time-source = sundial", "roko.ptp.time-source", "GPS")]
    [InlineData("roko.ptp.announce-interval = 128", "roko.ptp.announce-interval", "out of range -128..127")]
    [InlineData("roko.ptp.sync-interval = -129", "roko.ptp.sync-interval", "out of range")]
    [InlineData("roko.ptp.delay-request-interval = 1000", "roko.ptp.delay-request-interval", "out of range")]
    [InlineData("roko.ptp.transport = UDPv5", "roko.ptp.transport", "UDPv4, UDPv6, L2")]
    [InlineData("roko.ptp.time-stamping = onestep", "roko.ptp.time-stamping", "hardware, software")]
    [InlineData("roko.ptp.interface = \"\"", "roko.ptp.interface", "1..15 characters")]
    [InlineData("roko.ptp.interface = averyveryverylongname", "roko.ptp.interface", "1..15 characters")]
    [InlineData("roko.ptp.interface = \"eth 0\"", "roko.ptp.interface", "whitespace")]
    [InlineData("roko.ptp.slave-only = maybe", "roko.ptp.slave-only", "not a boolean")]
    [InlineData("roko.ptp.free-running = 2", "roko.ptp.free-running", "not a boolean")]
    [InlineData("roko.ptp.uds-path = relative/sock", "roko.ptp.uds-path", "absolute path")]
    [InlineData("roko.ptp.uds-path = \"/tmp/a b\"", "roko.ptp.uds-path", "whitespace")]
    [InlineData("roko.ptp.management-timeout = 0s", "roko.ptp.management-timeout", "positive")]
    [InlineData("roko.ptp.management-timeout = 2h", "roko.ptp.management-timeout", "at most 60 s")]
    [InlineData("roko.ptp.management-timeout = soon", "roko.ptp.management-timeout", "not a duration")]
    [InlineData("roko.ptp.domain = [1, 2]", "roko.ptp.domain", "single value")]
    public void Create_should_name_the_key_when_a_value_is_invalid(string hocon, string key, string reason)
    {
        var error = Assert.Throws<InvalidSettingException>(() => FromHocon(hocon));

        Assert.Equal(key, error.Key);
        Assert.StartsWith($"Setting '{key}':", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Create_should_reject_the_socket_path_when_longer_than_sun_path()
    {
        string path = "/" + new string('s', PtpSettings.MaxUnixSocketPathBytes);

        var error = Assert.Throws<InvalidSettingException>(() => FromHocon($"roko.ptp.uds-path = \"{path}\""));

        Assert.Contains("longer than 107 bytes", error.Message);
    }

    [Fact]
    public void Create_should_say_which_key_is_missing_when_the_section_is_incomplete()
    {
        var error = Assert.Throws<InvalidSettingException>(
            () => PtpSettings.Create(SettingsReader.Section(ConfigurationFactory.ParseString("roko.ptp.domain = 0"), PtpSettings.Section)));

        Assert.Equal("roko.ptp.priority1", error.Key);
        Assert.Contains("missing", error.Message);
    }
}
