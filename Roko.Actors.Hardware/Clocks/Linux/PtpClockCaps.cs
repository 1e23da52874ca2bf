using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>struct ptp_clock_caps (80 bytes): nine ints followed by reserved space.</summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
internal struct PtpClockCaps
{
    public const int SizeInBytes = 80;

    /// <summary>Maximum frequency adjustment, parts per billion.</summary>
    [FieldOffset(0)] public int MaxAdjustPpb;
    [FieldOffset(4)] public int AlarmCount;
    [FieldOffset(8)] public int ExternalTimestampChannels;
    [FieldOffset(12)] public int PeriodicOutputChannels;
    [FieldOffset(16)] public int Pps;
    [FieldOffset(20)] public int PinCount;
    [FieldOffset(24)] public int CrossTimestamping;
    [FieldOffset(28)] public int AdjustPhase;
    [FieldOffset(32)] public int MaxPhaseAdjustNanos;
}
