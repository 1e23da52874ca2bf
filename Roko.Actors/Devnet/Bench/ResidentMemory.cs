using System.Globalization;

namespace Roko.Actors.Devnet.Bench;

/// <summary>A process's resident memory as the kernel keeps it in /proc/PID/status: VmRSS now, VmHWM its running peak.</summary>
public static class ResidentMemory
{
    private const string PeakField = "VmHWM:";
    private const string CurrentField = "VmRSS:";
    private const long BytesPerKibibyte = 1024;

    /// <summary>The peak in bytes so far, or null once the process is gone (or on a system without /proc).</summary>
    public static long? Peak(int pid) => Read(pid, PeakField);

    /// <summary>The resident memory in bytes now, or null once the process is gone (or on a system without /proc).</summary>
    public static long? Current(int pid) => Read(pid, CurrentField);

    /// <summary>VmHWM from the text of a /proc/PID/status file (<c>VmHWM:	  123456 kB</c>) in bytes; null without it.</summary>
    public static long? ParsePeak(string status) => Parse(status, PeakField);

    /// <summary>VmRSS from the text of a /proc/PID/status file in bytes; null without it.</summary>
    public static long? ParseCurrent(string status) => Parse(status, CurrentField);

    private static long? Read(int pid, string field)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/status"), field);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? Parse(string status, string field)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                ? kib * BytesPerKibibyte
                : null;
        }
        return null;
    }
}
