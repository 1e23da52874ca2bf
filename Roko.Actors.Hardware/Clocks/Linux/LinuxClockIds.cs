namespace Roko.Actors.Hardware.Clocks.Linux;

internal static class LinuxClockIds
{
    public const int ClockRealtime = 0;

    // FD_TO_CLOCKID in the kernel's posix-timers: dynamic (character device) clocks carry CLOCKFD in the low bits.
    private const int ClockFd = 3;
    private const int ClockFdShift = 3;

    public static int FromFileDescriptor(int fd) => ((~fd) << ClockFdShift) | ClockFd;
}
