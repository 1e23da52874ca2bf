using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>struct timespec on x86-64: two 64-bit fields.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;
}
