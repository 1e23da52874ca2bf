using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>The few libc calls the clock sources need. Every call sets errno, read with Marshal.GetLastPInvokeError.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    public const int OpenReadOnly = 0;
    public const int OpenCloseOnExec = 0x80000;

    [LibraryImport(Library, EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTime(int clockId, Timespec* time);

    [LibraryImport(Library, EntryPoint = "adjtimex", SetLastError = true)]
    public static partial int AdjTimex(Timex* timex);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);
}
