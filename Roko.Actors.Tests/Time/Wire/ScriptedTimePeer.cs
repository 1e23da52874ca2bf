using System.Net;
using System.Net.Sockets;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time.Wire;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.Time.Wire;

/// <summary>
/// A time peer on a real UDP socket on 127.0.0.1 (port picked by the kernel) that answers every probe with an echo and
/// then whatever its script says: an honest attestation of true time (the host clock) plus an offset, or one signed by
/// another key, altered after signing, left unsigned, none at all, or one sent late. Stamps are read in the program.
/// </summary>
internal sealed class ScriptedTimePeer : IDisposable
{
    private const int ReceiveTimeoutMillis = 100;

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly SigningKey _forger = SigningKey.Generate();

    public ScriptedTimePeer(string name, long offsetNanos = 0, long errorNanos = 1_000, ClockStatus status = ClockStatus.Synchronized,
        ScriptedReply reply = ScriptedReply.Honest, TimeSpan? attestationDelay = null)
    {
        Name = name;
        OffsetNanos = offsetNanos;
        ErrorNanos = errorNanos;
        Status = status;
        Reply = reply;
        AttestationDelay = attestationDelay ?? TimeSpan.Zero;
        _socket.Client.ReceiveTimeout = ReceiveTimeoutMillis;
        _thread = new Thread(Run) { IsBackground = true, Name = $"scripted-time-peer-{name}" };
        _thread.Start();
    }

    public string Name { get; }
    public long OffsetNanos { get; }
    public long ErrorNanos { get; }
    public ClockStatus Status { get; }
    public ScriptedReply Reply { get; }
    public TimeSpan AttestationDelay { get; }
    public SigningKey Key { get; } = SigningKey.Generate();
    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>How the sampler knows this peer: its socket and the key its handshake would announce.</summary>
    public TimePeer Peer => new(Name, IPAddress.Loopback.ToString(), Port, Key.PublicKey);

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            IPEndPoint from = new(IPAddress.Any, 0);
            byte[] bytes;
            try
            {
                bytes = _socket.Receive(ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            var t2 = Now();
            if (!TimeDatagramFormat.TryDecode(bytes, out var datagram, out _) || datagram is not TimeProbeDatagram probe) continue;
            var echo = new TimeEchoDatagram(probe.Nonce, TimeDatagramFormat.RandomNonce());
            var t3 = Now();
            Send(TimeDatagramFormat.Encode(echo), from);
            if (Reply == ScriptedReply.EchoOnly) continue;
            if (AttestationDelay > TimeSpan.Zero) Thread.Sleep(AttestationDelay);
            Send(TimeDatagramFormat.Encode(Attestation(echo, t2, t3)), from);
        }
    }

    private TimeAttestation Attestation(TimeEchoDatagram echo, NanoMoment t2, NanoMoment t3)
    {
        var honest = TimeAttestation.Create(echo.Nonce, echo.Token, t2, t3, ErrorNanos, Status, Key);
        return Reply switch
        {
            ScriptedReply.WrongKey => TimeAttestation.Create(echo.Nonce, echo.Token, t2, t3, ErrorNanos, Status, _forger),
            ScriptedReply.Tampered => honest with { T2 = t2.AddNanoseconds(-1_000_000), T3 = t3.AddNanoseconds(-1_000_000) },
            ScriptedReply.ZeroSignature => honest with { Signature = default },
            _ => honest,
        };
    }

    private NanoMoment Now() => new(TimestampedUdpSocket.RealtimeNanos() + OffsetNanos);

    private void Send(byte[] datagram, IPEndPoint to)
    {
        try
        {
            _socket.Send(datagram, datagram.Length, to);
        }
        catch (ObjectDisposedException)
        {
            // the test is over
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }
}

/// <summary>What a <see cref="ScriptedTimePeer"/> sends after its echo.</summary>
internal enum ScriptedReply
{
    Honest,

    /// <summary>An attestation signed by a key other than the peer's.</summary>
    WrongKey,

    /// <summary>An honest attestation whose t2 and t3 were moved after signing.</summary>
    Tampered,

    /// <summary>An attestation with an all-zero signature.</summary>
    ZeroSignature,

    /// <summary>No attestation at all.</summary>
    EchoOnly,
}
