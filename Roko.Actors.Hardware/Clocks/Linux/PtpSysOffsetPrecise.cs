using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>
/// struct ptp_sys_offset_precise (64 bytes): the device time and CLOCK_REALTIME / CLOCK_MONOTONIC_RAW latched at the same
/// instant by the hardware (PCIe PTM, ART), then 4 reserved ints.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
internal struct PtpSysOffsetPrecise
{
    public const int SizeInBytes = 3 * PtpClockTime.SizeInBytes + 4 * sizeof(uint);

    [FieldOffset(0)] public PtpClockTime Device;
    [FieldOffset(PtpClockTime.SizeInBytes)] public PtpClockTime SystemRealtime;
    [FieldOffset(2 * PtpClockTime.SizeInBytes)] public PtpClockTime SystemMonotonicRaw;
}
