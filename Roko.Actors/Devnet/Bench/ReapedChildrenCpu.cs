using System.Runtime.InteropServices;

namespace Roko.Actors.Devnet.Bench;

/// <summary>
/// The CPU time (user + system) of this process's children that have ended and been reaped, from getrusage(RUSAGE_CHILDREN).
/// An ended child's own figures are gone (.NET's Process.TotalProcessorTime throws once it has exited, and /proc/PID with
/// it), so a child's CPU is the growth of this total across its run, when it is the only child that ends meanwhile.
/// </summary>
public static class ReapedChildrenCpu
{
    private const int RusageChildren = -1;
    private const double MicrosecondsPerSecond = 1_000_000;

    public static TimeSpan Total()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
            throw new IOException($"getrusage(RUSAGE_CHILDREN) failed: errno {Marshal.GetLastPInvokeError()}");
        return Seconds(usage.User) + Seconds(usage.System);
    }

    private static TimeSpan Seconds(TimeValue t) => TimeSpan.FromSeconds(t.Seconds + t.Microseconds / MicrosecondsPerSecond);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeValue
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>struct rusage on 64-bit Linux (144 bytes): two timevals, then fourteen longs this class does not read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct ResourceUsage
    {
        public TimeValue User;
        public TimeValue System;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, out ResourceUsage usage);
}
