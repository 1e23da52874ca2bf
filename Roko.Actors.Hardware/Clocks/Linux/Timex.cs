using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>struct timex on x86-64 (208 bytes); only the fields a read-only adjtimex needs are declared.</summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
internal struct Timex
{
    public const int SizeInBytes = 208;

    /// <summary>ADJ_* bits; 0 asks for a read without changing anything.</summary>
    [FieldOffset(0)] public uint Modes;

    /// <summary>Maximum error, microseconds.</summary>
    [FieldOffset(24)] public long MaxErrorMicros;

    /// <summary>Estimated error, microseconds.</summary>
    [FieldOffset(32)] public long EstimatedErrorMicros;

    /// <summary>STA_* bits.</summary>
    [FieldOffset(40)] public int Status;

    public const int StaUnsync = 0x40;

    /// <summary>adjtimex return value meaning the clock is not synchronized.</summary>
    public const int TimeError = 5;
}
