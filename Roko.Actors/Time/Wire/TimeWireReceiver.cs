using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Network;
using static Roko.Actors.Time.Wire.TimeWireProtocol;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// The time-probe socket's receive loop, on a thread of its own: waits for datagrams and transmit stamps, reads the
/// node's clocks the moment each one is taken (so the time until an actor runs is outside what is measured) and hands
/// them to the endpoint actor. The one thing it does itself is echo a probe at once: the time the answering node holds
/// a probe is measured on its clock and the prober's round trip on the prober's, so the shorter it is, the less the
/// two clocks' rate difference enters the exchange.
/// Every datagram is first admitted by the node's guard (<see cref="GuardPath.TimeProbe"/>, per source address): a source
/// over its share or blacklisted is not answered and costs the loop one guard call (no clock read, no decoding, no
/// message), so a flooder's datagrams queued ahead of an honest probe delay it by microseconds each; a datagram that
/// is not a time datagram raises its source's suspicion.
/// </summary>
public sealed class TimeWireReceiver : IDisposable
{
    private const int WaitMillis = 100;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(2);

    private readonly TimestampedUdpSocket _socket;
    private readonly WireClock _clock;
    private readonly IActorRef _endpoint;
    private readonly NodeGuard? _guard;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    private TimeWireReceiver(TimestampedUdpSocket socket, WireClock clock, IActorRef endpoint, NodeGuard? guard, ILoggingAdapter log)
    {
        _socket = socket;
        _clock = clock;
        _endpoint = endpoint;
        _guard = guard;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = $"timewire-{socket.LocalEndPoint.Port}" };
    }

    /// <param name="guard">The node's guard; null admits every datagram (the timesync bench, whose nodes only talk to each other).</param>
    public static TimeWireReceiver Start(TimestampedUdpSocket socket, WireClock clock, IActorRef endpoint, NodeGuard? guard, ILoggingAdapter log)
    {
        var receiver = new TimeWireReceiver(socket, clock, endpoint, guard, log);
        receiver._thread.Start();
        return receiver;
    }

    private void Run()
    {
        var buffer = new byte[TimeDatagramFormat.LargestBytes + 1];
        var frame = new byte[TimeDatagramFormat.LargestBytes + FrameHeadroomBytes];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (!_socket.Wait(WaitMillis)) continue;
                DrainTransmitStamps(frame);
                DrainDatagrams(buffer);
            }
        }
        catch (ObjectDisposedException)
        {
            // the node closed the socket on its way down
        }
        catch (IOException e)
        {
            _log.Error(e, "Time-probe socket {0} failed; time probes stop until the endpoint restarts", _socket.LocalEndPoint);
            _endpoint.Tell(new Status.Failure(e));
        }
    }

    /// <summary>Room for link, IP and UDP headers in front of a looped transmit frame.</summary>
    private const int FrameHeadroomBytes = 256;

    private void DrainTransmitStamps(byte[] frame)
    {
        while (_socket.TryReceiveTransmitStamp(frame, out var stamp))
        {
            var capture = _clock.Capture();
            if (stamp.FrameLength < 0) continue;
            if (TimeDatagramFormat.FromSentFrame(frame.AsSpan(0, stamp.FrameLength)) is { } sent)
                _endpoint.Tell(new DatagramStamped(sent, stamp.KernelNanos, capture));
        }
    }

    private void DrainDatagrams(byte[] buffer)
    {
        while (_socket.TryReceive(buffer, out var received))
        {
            if (received.From is not { } from || !Admitted(from)) continue;
            var capture = _clock.Capture();
            if (received.Length < 0)
            {
                Malformed(from, $"datagram longer than {TimeDatagramFormat.LargestBytes} bytes");
                continue;
            }
            if (!TimeDatagramFormat.TryDecode(buffer.AsSpan(0, received.Length), out var datagram, out string error))
                Malformed(from, error);
            else if (datagram is TimeProbeDatagram probe)
                Echo(probe, from, received.KernelNanos, capture);
            else
                _endpoint.Tell(new DatagramArrived(datagram!, from, received.KernelNanos, capture));
        }
    }

    /// <summary>The refusal path: one guard call; the guard counts the refusal (roko_ddos_*_total{path="time_probe"}) and logs it.</summary>
    private bool Admitted(System.Net.IPEndPoint from) =>
        _guard is null || _guard.Admit(GuardPath.TimeProbe, GuardSource.Address(from.Address)).IsAllowed;

    private void Malformed(System.Net.IPEndPoint from, string error)
    {
        _guard?.ReportInvalid(GuardPath.TimeProbe, GuardSource.Address(from.Address), error);
        _endpoint.Tell(new DatagramRefused(from, error));
    }

    private void Echo(TimeProbeDatagram probe, System.Net.IPEndPoint from, long? kernelNanos, ClockCapture arrival)
    {
        var echo = new TimeEchoDatagram(probe.Nonce, TimeDatagramFormat.RandomNonce());
        var beforeSending = _clock.Capture();
        if (_socket.Send(TimeDatagramFormat.Encode(echo), from))
            _endpoint.Tell(new ProbeEchoed(echo, from, kernelNanos, arrival, beforeSending));
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (Thread.CurrentThread != _thread) _thread.Join(JoinTimeout);
        _stop.Dispose();
    }
}
