using System.Globalization;

namespace Roko.Actors.Time.Bench;

/// <summary>The host's 1-minute load average from /proc/loadavg (null where there is none), reported beside the bench's figures.</summary>
public static class LoadAverage
{
    private const string ProcLoadAverage = "/proc/loadavg";

    public static double? OneMinute()
    {
        try
        {
            string first = File.ReadAllText(ProcLoadAverage).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
