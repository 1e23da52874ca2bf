using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Net.Linux;

/// <summary>
/// The libc socket calls .NET's Socket does not offer: recvmsg with ancillary data (kernel timestamps, the error queue)
/// and poll. Every call sets errno, read with Marshal.GetLastPInvokeError.
/// </summary>
internal static unsafe partial class SocketCalls
{
    private const string Library = "libc";

    public const int SolSocket = 1;

    /// <summary>SO_TIMESTAMPING (SO_TIMESTAMPING_OLD: 64-bit timespec on x86-64 and arm64); also the cmsg type SCM_TIMESTAMPING.</summary>
    public const int SoTimestamping = 37;

    public const int MsgCtrunc = 0x08;
    public const int MsgTrunc = 0x20;
    public const int MsgDontWait = 0x40;
    public const int MsgErrQueue = 0x2000;

    public const short PollIn = 0x1;
    public const short PollErr = 0x8;

    public const int ErrnoInterrupted = 4;
    public const int ErrnoWouldBlock = 11;

    [LibraryImport(Library, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMillis);
}
