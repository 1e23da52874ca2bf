namespace Roko.Actors.Hardware.Clocks;

/// <summary>A clock device could not be opened or read: missing, not permitted, or failing.</summary>
public sealed class ClockUnavailableException : Exception
{
    public ClockUnavailableException(string devicePath, int errno, string operation)
        : base($"Clock device {devicePath}: {operation} failed with errno {errno} ({DescribeErrno(errno)})")
    {
        DevicePath = devicePath;
        Errno = errno;
    }

    public string DevicePath { get; }

    public int Errno { get; }

    public string ErrnoMeaning => DescribeErrno(Errno);

    private static string DescribeErrno(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);
}
