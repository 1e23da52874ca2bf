using System.Globalization;

namespace Roko.Actors.Devnet.Bench;

/// <summary>A process's peak resident memory, as the kernel keeps it: VmHWM in /proc/PID/status.</summary>
public static class PeakResidentMemory
{
    private const string Field = "VmHWM:";
    private const long BytesPerKibibyte = 1024;

    /// <summary>The peak in bytes so far, or null once the process is gone (or on a system without /proc).</summary>
    public static long? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/status"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>VmHWM from the text of a /proc/PID/status file (<c>VmHWM:	  123456 kB</c>) in bytes; null without it.</summary>
    public static long? Parse(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(Field, StringComparison.Ordinal)) continue;
            var parts = line[Field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                ? kib * BytesPerKibibyte
                : null;
        }
        return null;
    }
}
