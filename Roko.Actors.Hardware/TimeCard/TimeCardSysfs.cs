namespace Roko.Actors.Hardware.TimeCard;

/// <summary>
/// Reads one card's attributes from its sysfs directory (<c>{root}/{card}</c>, <c>/sys/class/timecard/ocp0</c> in production;
/// tests point the root at a tree of their own). Missing or unreadable files are a <see cref="TimeCardUnavailableException"/>
/// naming the file; attributes that older kernels lack (clock status, utc_tai_offset) are null.
/// </summary>
public static class TimeCardSysfs
{
    public const string GnssSyncAttribute = "gnss_sync";

    /// <summary>The name before Linux 5.15 renamed it.</summary>
    public const string GpsSyncAttribute = "gps_sync";

    public const string ClockSourceAttribute = "clock_source";
    public const string StatusOffsetAttribute = "clock_status_offset";
    public const string StatusDriftAttribute = "clock_status_drift";
    public const string UtcTaiOffsetAttribute = "utc_tai_offset";
    public const string PtpLink = "ptp";

    public static TimeCardAttributes Read(string root, string card)
    {
        string directory = Path.Combine(root, card);
        if (!Directory.Exists(directory))
            throw new TimeCardUnavailableException(
                $"no time card at {directory}: install the OCP Time Card and load its driver (modprobe ptp_ocp), " +
                "or point roko.clock.time-card.card at the card's directory name (ls /sys/class/timecard)");
        string gnssAttribute = File.Exists(Path.Combine(directory, GnssSyncAttribute)) ? GnssSyncAttribute : GpsSyncAttribute;
        var gnss = TimeCardAttributeParser.ParseGnssSync(Required(directory, gnssAttribute), gnssAttribute);
        string clockSource = TimeCardAttributeParser.ParseClockSource(Required(directory, ClockSourceAttribute));
        string ptpDevice = TimeCardAttributeParser.PtpDeviceFromLinkTarget(LinkTarget(directory));
        return new TimeCardAttributes(card, gnss, clockSource, ptpDevice,
            Optional(directory, StatusOffsetAttribute), Optional(directory, StatusDriftAttribute),
            (int?)Optional(directory, UtcTaiOffsetAttribute));
    }

    private static string LinkTarget(string directory)
    {
        string link = Path.Combine(directory, PtpLink);
        var info = new FileInfo(link);
        if (info.LinkTarget is { } target) return target;
        throw new TimeCardUnavailableException(
            $"{link} is not a link to the card's PTP clock: the ptp_ocp driver did not register the card's PHC (see dmesg)");
    }

    private static string Required(string directory, string attribute)
    {
        string path = Path.Combine(directory, attribute);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TimeCardUnavailableException($"cannot read {path}: {e.Message}", e);
        }
    }

    private static long? Optional(string directory, string attribute)
    {
        string path = Path.Combine(directory, attribute);
        if (!File.Exists(path)) return null;
        return TimeCardAttributeParser.ParseInteger(Required(directory, attribute), attribute);
    }
}
