using System.Net;
using Roko.Actors.Hardware.Net;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

/// <summary>Real UDP sockets on 127.0.0.1 (ports picked by the kernel): the kernel stamps both ends of a datagram.</summary>
public sealed class TimestampedUdpSocketTests
{
    private static readonly IPEndPoint AnyLoopbackPort = new(IPAddress.Loopback, 0);

    [Fact]
    public void Datagram_should_carry_kernel_stamps_at_both_ends_when_sent_over_loopback()
    {
        using var sender = TimestampedUdpSocket.Bind(AnyLoopbackPort);
        using var receiver = TimestampedUdpSocket.Bind(AnyLoopbackPort);
        Assert.True(sender.KernelTimestamps, sender.TimestampingProblem);
        byte[] datagram = [.. Enumerable.Range(0, 40).Select(i => (byte)(i * 7))];
        var buffer = new byte[2048];
        var frame = new byte[2048];

        // The kernel turns receive stamping on in deferred work after the first socket asks for it, so the very first
        // datagrams after start-up may arrive unstamped; a few tries reach a stamped one.
        var trying = System.Diagnostics.Stopwatch.StartNew();
        while (trying.Elapsed < StampingSwitchedOnWithin)
        {
            long before = TimestampedUdpSocket.RealtimeNanos();
            Assert.True(sender.Send(datagram, receiver.LocalEndPoint));
            long after = TimestampedUdpSocket.RealtimeNanos();

            Assert.True(receiver.Wait(5_000));
            Assert.True(receiver.TryReceive(buffer, out var received));
            Assert.Equal(datagram.Length, received.Length);
            Assert.Equal(datagram, buffer[..received.Length]);
            Assert.Equal(sender.LocalEndPoint, received.From);

            Assert.True(sender.Wait(5_000));
            Assert.True(sender.TryReceiveTransmitStamp(frame, out var sent));
            // The looped frame holds every header and the datagram at its end.
            Assert.True(sent.FrameLength > datagram.Length, $"frame of {sent.FrameLength} bytes");
            Assert.Equal(datagram, frame[(sent.FrameLength - datagram.Length)..sent.FrameLength]);
            Assert.InRange(sent.KernelNanos, before, after);
            if (received.KernelNanos is not { } arrival) continue;
            Assert.InRange(arrival, sent.KernelNanos, TimestampedUdpSocket.RealtimeNanos());
            return;
        }
        Assert.Fail($"no datagram came with a kernel receive stamp within {StampingSwitchedOnWithin}");
    }

    private static readonly TimeSpan StampingSwitchedOnWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public void TryReceive_should_return_false_when_nothing_is_waiting()
    {
        using var socket = TimestampedUdpSocket.Bind(AnyLoopbackPort);
        Assert.False(socket.Wait(0));
        Assert.False(socket.TryReceive(new byte[64], out _));
        Assert.False(socket.TryReceiveTransmitStamp(new byte[64], out _));
    }
}
