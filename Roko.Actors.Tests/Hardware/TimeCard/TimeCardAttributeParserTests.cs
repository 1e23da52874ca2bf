using Roko.Actors.Hardware.TimeCard;
using Xunit;

namespace Roko.Actors.Tests.Hardware.TimeCard;

/// <summary>The attribute texts exactly as drivers/ptp/ptp_ocp.c's show functions write them.</summary>
public sealed class TimeCardAttributeParserTests
{
    [Fact]
    public void Gnss_sync_should_be_locked_when_the_driver_shows_SYNC()
    {
        // gnss_sync_show: sysfs_emit(buf, "SYNC\n")
        Assert.True(TimeCardAttributeParser.ParseGnssSync("SYNC\n").IsLocked);
    }

    [Fact]
    public void Gnss_sync_should_carry_the_UTC_second_of_the_loss_when_the_driver_shows_LOST()
    {
        // gnss_sync_show: sysfs_emit(buf, "LOST @ %ptT\n", &bp->gnss_lost), %ptT being YYYY-mm-ddTHH:MM:SS of a time64_t
        var sync = TimeCardAttributeParser.ParseGnssSync("LOST @ 2024-03-05T17:42:09\n");

        Assert.False(sync.IsLocked);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 17, 42, 9, TimeSpan.Zero), sync.LostAt);
        Assert.Equal("LOST @ 2024-03-05T17:42:09Z", sync.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sync\n")]
    [InlineData("LOST\n")]
    [InlineData("LOST @ 2024-03-05 17:42:09\n")]
    [InlineData("LOST @ yesterday\n")]
    [InlineData("SYNC\nSYNC\n")]
    public void Gnss_sync_should_be_refused_with_the_attribute_named_when_it_is_not_the_drivers_format(string text)
    {
        var error = Assert.Throws<TimeCardFormatException>(() => TimeCardAttributeParser.ParseGnssSync(text));

        Assert.Equal("gnss_sync", error.Attribute);
        Assert.Contains("gnss_sync", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PPS\n", "PPS")]
    [InlineData("TOD\n", "TOD")]
    [InlineData("NONE\n", "NONE")]
    [InlineData("(null)\n", "(null)")] // clock_source_show prints "%s\n" of a NULL name for a register value it cannot name
    public void Clock_source_should_be_the_selector_name(string text, string expected)
    {
        Assert.Equal(expected, TimeCardAttributeParser.ParseClockSource(text));
    }

    [Theory]
    [InlineData("-123\n", -123)]       // clock_status_offset: sign-magnitude register printed "%d\n"
    [InlineData("2147483647\n", int.MaxValue)]
    [InlineData("-2147483647\n", -int.MaxValue)]
    [InlineData("37\n", 37)]           // utc_tai_offset_show: "%d\n"
    [InlineData("0\n", 0)]
    public void Integer_attributes_should_parse_the_drivers_decimal(string text, int expected)
    {
        Assert.Equal(expected, TimeCardAttributeParser.ParseInteger(text, "clock_status_offset"));
    }

    [Theory]
    [InlineData("12 ns\n")]
    [InlineData("0x10\n")]
    [InlineData("\n")]
    public void Integer_attributes_should_be_refused_when_not_a_decimal(string text)
    {
        Assert.Equal("clock_status_drift",
            Assert.Throws<TimeCardFormatException>(() => TimeCardAttributeParser.ParseInteger(text, "clock_status_drift")).Attribute);
    }

    [Theory]
    [InlineData("../../ptp/ptp3", "/dev/ptp3")]
    [InlineData("../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0/ptp/ptp12", "/dev/ptp12")]
    public void Ptp_link_should_name_the_cards_character_device(string target, string device)
    {
        Assert.Equal(device, TimeCardAttributeParser.PtpDeviceFromLinkTarget(target));
    }

    [Fact]
    public void Ptp_link_to_something_else_should_be_refused()
    {
        Assert.Throws<TimeCardFormatException>(() => TimeCardAttributeParser.PtpDeviceFromLinkTarget("../../pps/pps0"));
    }
}
