using System.Globalization;
using System.Text.RegularExpressions;

namespace Roko.Actors.Hardware.TimeCard;

/// <summary>
/// Parses the attribute texts exactly as drivers/ptp/ptp_ocp.c writes them (each ends in a newline):
/// <c>gnss_sync</c> is <c>"SYNC\n"</c> or <c>"LOST @ %ptT\n"</c> (<c>YYYY-mm-ddTHH:MM:SS</c>, the UTC second of the loss);
/// <c>clock_source</c> is a selector name (<c>"%s\n"</c>); <c>clock_status_offset</c>, <c>clock_status_drift</c> and
/// <c>utc_tai_offset</c> are <c>"%d\n"</c>; <c>ptp</c> is a symlink to the card's <c>ptpN</c> device.
/// </summary>
public static partial class TimeCardAttributeParser
{
    public const string Synchronized = "SYNC";
    private const string LostPrefix = "LOST @ ";
    private const string KernelDateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public static GnssSync ParseGnssSync(string text, string attribute = "gnss_sync")
    {
        string line = Line(text);
        if (line == Synchronized) return GnssSync.Locked;
        if (line.StartsWith(LostPrefix, StringComparison.Ordinal)
            && DateTime.TryParseExact(line[LostPrefix.Length..], KernelDateTimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var lost))
            return new GnssSync(new DateTimeOffset(lost, TimeSpan.Zero));
        throw new TimeCardFormatException(attribute, text, "'SYNC' or 'LOST @ YYYY-mm-ddTHH:MM:SS'");
    }

    /// <summary>A selector name such as PPS or TOD; the driver prints "(null)" for a register value it has no name for.</summary>
    public static string ParseClockSource(string text)
    {
        string line = Line(text);
        if (line.Length == 0 || line.Any(char.IsWhiteSpace))
            throw new TimeCardFormatException("clock_source", text, "one selector name (NONE, TOD, IRIG, PPS, PTP, RTC, DCF, REGS, EXT)");
        return line;
    }

    /// <summary>A <c>"%d\n"</c> attribute: clock_status_offset, clock_status_drift, utc_tai_offset.</summary>
    public static int ParseInteger(string text, string attribute)
    {
        if (int.TryParse(Line(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)) return value;
        throw new TimeCardFormatException(attribute, text, "a decimal integer");
    }

    /// <summary>The device file for the <c>ptp</c> link's target (e.g. <c>../../ptp/ptp2</c> → <c>/dev/ptp2</c>).</summary>
    public static string PtpDeviceFromLinkTarget(string linkTarget)
    {
        string name = linkTarget.TrimEnd('/').Split('/')[^1];
        if (!PtpDeviceName().IsMatch(name))
            throw new TimeCardFormatException("ptp", linkTarget, "a link to a ptpN device");
        return "/dev/" + name;
    }

    /// <summary>sysfs attributes are one line ending in '\n'; anything after it (there is nothing) is refused.</summary>
    private static string Line(string text)
    {
        string line = text.EndsWith('\n') ? text[..^1] : text;
        return line.Contains('\n') ? text : line;
    }

    [GeneratedRegex("^ptp[0-9]+$")]
    private static partial Regex PtpDeviceName();
}
