using System.Runtime.CompilerServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>PTP hardware clock ioctls from linux/ptp_clock.h, derived from the struct sizes declared here.</summary>
internal static class PtpIoctls
{
    private const char PtpClockMagic = '=';
    private const int GetCapsNumber = 1;
    private const int SysOffsetNumber = 5;
    private const int SysOffsetPreciseNumber = 8;
    private const int SysOffsetExtendedNumber = 9;

    public static uint ClockGetCaps { get; } = IoctlNumber.Read(PtpClockMagic, GetCapsNumber, Unsafe.SizeOf<PtpClockCaps>());

    public static uint SysOffset { get; } = IoctlNumber.Write(PtpClockMagic, SysOffsetNumber, PtpSysOffset.SizeInBytes);

    public static uint SysOffsetPrecise { get; } =
        IoctlNumber.ReadWrite(PtpClockMagic, SysOffsetPreciseNumber, Unsafe.SizeOf<PtpSysOffsetPrecise>());

    public static uint SysOffsetExtended { get; } =
        IoctlNumber.ReadWrite(PtpClockMagic, SysOffsetExtendedNumber, Unsafe.SizeOf<PtpSysOffsetExtended>());
}
