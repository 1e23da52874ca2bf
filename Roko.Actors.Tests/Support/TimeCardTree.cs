namespace Roko.Actors.Tests.Support;

/// <summary>
/// A directory laid out as the ptp_ocp driver lays out /sys/class/timecard: one card directory with the attributes as the
/// driver writes them (one line, '\n'-terminated) and its 'ptp' link to a ptpN device. Attributes are replaced atomically
/// (written beside, then renamed), so a reader never sees half a line. Deleted on dispose.
/// </summary>
public sealed class TimeCardTree : IDisposable
{
    private readonly TempDirectory _root = new();

    public TimeCardTree(string card = "ocp0", string ptpDevice = "ptp9", int utcTaiOffset = 37, int? statusOffset = 12, int? statusDrift = -3)
    {
        Card = card;
        Directory.CreateDirectory(CardDirectory);
        Directory.CreateDirectory(_root.Combine("ptp", ptpDevice));
        File.CreateSymbolicLink(Path.Combine(CardDirectory, "ptp"), Path.Combine("..", "ptp", ptpDevice));
        Write("gnss_sync", "SYNC");
        Write("clock_source", "PPS");
        Write("utc_tai_offset", utcTaiOffset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (statusOffset is { } offset) Write("clock_status_offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (statusDrift is { } drift) Write("clock_status_drift", drift.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The sysfs root (roko.clock.time-card.sysfs-root).</summary>
    public string Root => _root.Path;

    public string Card { get; }

    public string CardDirectory => _root.Combine(Card);

    /// <summary>GNSS locked, as gnss_sync shows it.</summary>
    public void Lock() => Write("gnss_sync", "SYNC");

    /// <summary>GNSS lost at <paramref name="at"/>, as the driver's %ptT prints it (UTC, whole seconds).</summary>
    public void Lose(DateTime at) => Write("gnss_sync", "LOST @ " + at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss",
        System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Writes one attribute as the driver's sysfs_emit does: the text and a newline.</summary>
    public void Write(string attribute, string line)
    {
        string path = Path.Combine(CardDirectory, attribute);
        string staging = path + ".new";
        File.WriteAllText(staging, line + "\n");
        File.Move(staging, path, overwrite: true);
    }

    /// <summary>HOCON for a node reading this card through <paramref name="standInClockId"/> (0 = CLOCK_REALTIME) as its PHC.</summary>
    public string Hocon(int standInClockId = 0, string timescale = "utc") => $$"""
        roko.clock.source = time-card
        roko.clock.time-card {
          sysfs-root = "{{Root}}"
          card = {{Card}}
          stand-in-clock-id = {{standInClockId}}
          timescale = {{timescale}}
        }
        """;

    public void Dispose() => _root.Dispose();
}
