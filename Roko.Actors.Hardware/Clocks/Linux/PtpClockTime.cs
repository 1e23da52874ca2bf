using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>struct ptp_clock_time (16 bytes).</summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
internal struct PtpClockTime
{
    public const int SizeInBytes = 16;

    [FieldOffset(0)] public long Seconds;
    [FieldOffset(8)] public uint Nanoseconds;
    [FieldOffset(12)] public uint Reserved;

    public readonly long ToUnixNanoseconds() => checked(Seconds * Time.NanoMoment.NanosPerSecond + Nanoseconds);
}
