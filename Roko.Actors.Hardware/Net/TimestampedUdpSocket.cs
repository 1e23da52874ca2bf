using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Roko.Actors.Hardware.Clocks.Linux;
using Roko.Actors.Hardware.Net.Linux;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Net;

/// <summary>
/// A UDP socket whose datagrams carry the kernel's own timestamps (SO_TIMESTAMPING, software stamps: taken where the
/// stack hands an outgoing packet to the device driver and where an incoming one enters the stack), so the time between
/// the wire and the program is not inside what is measured. Received datagrams come with their receive stamp; the
/// transmit stamp of a sent datagram comes back through the socket's error queue together with the sent frame (all its
/// headers, the datagram at its end), which is how a sender tells which datagram it belongs to. On a kernel that
/// refuses the option the socket still works and every stamp is absent: callers fall back to reading the clock
/// themselves. Stamps are CLOCK_REALTIME nanoseconds. Safe to send from one thread while another receives.
/// </summary>
public sealed class TimestampedUdpSocket : IDisposable
{
    private const int SocketAddressBytes = 128;
    private const int ControlBytes = 512;
    private const int AddressFamilyInet = 2;
    private const int AddressFamilyInet6 = 10;
    private const int Inet6AddressOffset = 8;
    private const int Inet6AddressBytes = 16;
    private const int InetAddressOffset = 4;

    private readonly Socket _socket;
    private readonly int _fd;

    private TimestampedUdpSocket(Socket socket, bool kernelTimestamps, string? timestampingProblem)
    {
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        KernelTimestamps = kernelTimestamps;
        TimestampingProblem = timestampingProblem;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The address and port the socket is bound to (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether the kernel accepted SO_TIMESTAMPING (software transmit and receive stamps).</summary>
    public bool KernelTimestamps { get; }

    /// <summary>Why the kernel refused SO_TIMESTAMPING, or null.</summary>
    public string? TimestampingProblem { get; }

    /// <summary>Binds a UDP socket to <paramref name="endpoint"/> and asks for kernel timestamps; throws <see cref="SocketException"/> if it cannot bind.</summary>
    public static TimestampedUdpSocket Bind(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        try
        {
            socket.Bind(endpoint);
            const int Flags = (int)(TimestampingFlags.TransmitSoftware | TimestampingFlags.ReceiveSoftware | TimestampingFlags.ReportSoftware);
            try
            {
                socket.SetRawSocketOption(SocketCalls.SolSocket, SocketCalls.SoTimestamping, BitConverter.GetBytes(Flags));
                return new TimestampedUdpSocket(socket, true, null);
            }
            catch (SocketException e)
            {
                return new TimestampedUdpSocket(socket, false, $"SO_TIMESTAMPING refused: {e.SocketErrorCode} ({e.Message})");
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>CLOCK_REALTIME now, in nanoseconds since the Unix epoch: the timescale of the kernel's stamps.</summary>
    public static long RealtimeNanos()
    {
        Timespec ts = default;
        int result;
        unsafe
        {
            result = LibC.ClockGetTime(LinuxClockIds.ClockRealtime, &ts);
        }
        if (result != 0) throw new IOException($"clock_gettime(CLOCK_REALTIME) failed: errno {Marshal.GetLastPInvokeError()}");
        return ts.Seconds * NanoMoment.NanosPerSecond + ts.Nanoseconds;
    }

    /// <summary>Sends one datagram; false when the socket's send buffer is full (the datagram is dropped, as UDP may).</summary>
    public bool Send(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        ArgumentNullException.ThrowIfNull(to);
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable)
        {
            return false;
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMillis"/> for a datagram or a transmit stamp; true when either is ready.</summary>
    public bool Wait(int timeoutMillis)
    {
        var descriptor = new PollDescriptor { Descriptor = _fd, Events = SocketCalls.PollIn };
        int ready;
        unsafe
        {
            ready = SocketCalls.Poll(&descriptor, 1, timeoutMillis);
        }
        if (ready < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == SocketCalls.ErrnoInterrupted) return false;
            throw new IOException($"poll on the time-probe socket failed: errno {errno}");
        }
        // POLLERR is always reported: it says the error queue holds a transmit stamp.
        return ready > 0 && (descriptor.ReturnedEvents & (SocketCalls.PollIn | SocketCalls.PollErr)) != 0;
    }

    /// <summary>Takes one waiting datagram into <paramref name="buffer"/>, without waiting; false when none is waiting.</summary>
    public bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram)
    {
        datagram = default;
        Span<byte> name = stackalloc byte[SocketAddressBytes];
        Span<byte> control = stackalloc byte[ControlBytes];
        if (!TryReceiveMessage(buffer, name, control, SocketCalls.MsgDontWait, out int length, out int nameLength, out int controlLength, out int flags))
            return false;
        var from = ParseAddress(name[..nameLength]);
        bool truncated = (flags & SocketCalls.MsgTrunc) != 0;
        datagram = new ReceivedDatagram(truncated ? -1 : length, from, ControlMessages.SoftwareTimestampNanos(control[..controlLength]));
        return true;
    }

    /// <summary>
    /// Takes one transmit stamp from the error queue, without waiting: the sent frame (headers included, the datagram at
    /// its end) into <paramref name="frame"/>, and the kernel's stamp. False when the queue is empty.
    /// </summary>
    public bool TryReceiveTransmitStamp(Span<byte> frame, out TransmitStamp stamp)
    {
        stamp = default;
        Span<byte> name = stackalloc byte[SocketAddressBytes];
        Span<byte> control = stackalloc byte[ControlBytes];
        while (TryReceiveMessage(frame, name, control, SocketCalls.MsgErrQueue | SocketCalls.MsgDontWait, out int length, out _,
                   out int controlLength, out int flags))
        {
            if (ControlMessages.SoftwareTimestampNanos(control[..controlLength]) is not { } nanos) continue;
            stamp = new TransmitStamp((flags & SocketCalls.MsgTrunc) != 0 ? -1 : length, nanos);
            return true;
        }
        return false;
    }

    private unsafe bool TryReceiveMessage(Span<byte> buffer, Span<byte> name, Span<byte> control, int receiveFlags,
        out int length, out int nameLength, out int controlLength, out int flags)
    {
        fixed (byte* data = buffer)
        fixed (byte* nameBytes = name)
        fixed (byte* controlBytes = control)
        {
            var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
            var header = new MessageHeader
            {
                Name = nameBytes,
                NameLength = (uint)name.Length,
                Vectors = &vector,
                VectorCount = 1,
                Control = controlBytes,
                ControlLength = (nuint)control.Length,
            };
            while (true)
            {
                nint received = SocketCalls.ReceiveMessage(_fd, &header, receiveFlags);
                if (received >= 0)
                {
                    length = (int)received;
                    nameLength = (int)Math.Min(header.NameLength, (uint)name.Length);
                    controlLength = (int)Math.Min(header.ControlLength, (nuint)control.Length);
                    flags = header.Flags;
                    return true;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == SocketCalls.ErrnoInterrupted) continue;
                length = nameLength = controlLength = flags = 0;
                if (errno == SocketCalls.ErrnoWouldBlock) return false;
                throw new IOException($"recvmsg on the time-probe socket failed: errno {errno}");
            }
        }
    }

    private static IPEndPoint? ParseAddress(ReadOnlySpan<byte> name)
    {
        if (name.Length < 4) return null;
        int family = BitConverter.ToUInt16(name);
        int port = BinaryPrimitives.ReadUInt16BigEndian(name[2..]);
        if (family == AddressFamilyInet && name.Length >= InetAddressOffset + 4)
            return new IPEndPoint(new IPAddress(name.Slice(InetAddressOffset, 4)), port);
        if (family == AddressFamilyInet6 && name.Length >= Inet6AddressOffset + Inet6AddressBytes + 4)
        {
            uint scope = BitConverter.ToUInt32(name[(Inet6AddressOffset + Inet6AddressBytes)..]);
            return new IPEndPoint(new IPAddress(name.Slice(Inet6AddressOffset, Inet6AddressBytes), scope), port);
        }
        return null;
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>
/// One received datagram: its length in the caller's buffer (-1 when it did not fit), where it came from, and the
/// kernel's receive stamp (CLOCK_REALTIME ns; null when the kernel gave none).
/// </summary>
public readonly record struct ReceivedDatagram(int Length, IPEndPoint? From, long? KernelNanos);

/// <summary>A transmit stamp from the error queue: the sent frame's length in the caller's buffer (-1: truncated) and the kernel's stamp.</summary>
public readonly record struct TransmitStamp(int FrameLength, long KernelNanos);
