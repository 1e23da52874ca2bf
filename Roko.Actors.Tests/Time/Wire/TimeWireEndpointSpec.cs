using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Time.Wire;
using Xunit;
using static Roko.Actors.Time.Wire.TimeWireProtocol;

namespace Roko.Actors.Tests.Time.Wire;

/// <summary>A node's time-probe endpoint on a real UDP socket on 127.0.0.1, probed by a plain UDP client.</summary>
public sealed class TimeWireEndpointSpec() : TestKit(ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(HardwareConfig.Default))
{
    private const long AheadNanos = 2_000_000;
    private const long ClaimedNanos = 1_000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TimestampedUdpSocket _socket = TimestampedUdpSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly SigningKey _key = SigningKey.Generate();

    [Fact]
    public void Endpoint_should_echo_a_probe_and_attest_both_stamps_on_its_clock_signed_by_its_key()
    {
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions { OffsetNanos = AheadNanos, ClaimedErrorNanos = ClaimedNanos }));
        Sys.ActorOf(TimeWireEndpoint.Props(_socket, new WireClock(clock, clock), _key, TimeWireSettings.Default, guard: null));
        var nonce = TimeDatagramFormat.RandomNonce();

        long before = TimestampedUdpSocket.RealtimeNanos();
        _client.Send(TimeDatagramFormat.Encode(new TimeProbeDatagram(nonce)), _socket.LocalEndPoint);
        var echo = Assert.IsType<TimeEchoDatagram>(Receive());
        var attestation = Assert.IsType<TimeAttestation>(Receive());
        long after = TimestampedUdpSocket.RealtimeNanos();

        Assert.Equal(nonce, echo.Nonce);
        Assert.Equal(nonce, attestation.Nonce);
        Assert.Equal(echo.Token, attestation.Token);
        Assert.Null(attestation.Check(_key.PublicKey));
        Assert.Equal(ClockStatus.Synchronized, attestation.Status);
        Assert.True(attestation.T2 <= attestation.T3);
        // The clock reads 2 ms ahead of the host clock and vouches for about its claim plus its read noise.
        Assert.InRange(attestation.ErrorBoundNanos, ClaimedNanos, 100 * ClaimedNanos);
        Assert.InRange(attestation.T2.UnixNanoseconds - AheadNanos, before - attestation.ErrorBoundNanos, after + attestation.ErrorBoundNanos);
        Assert.InRange(attestation.T3.UnixNanoseconds - AheadNanos, before - attestation.ErrorBoundNanos, after + attestation.ErrorBoundNanos);
    }

    [Fact]
    public void Endpoint_should_refuse_and_publish_a_datagram_that_is_not_a_time_datagram()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(TimeReplyRefused));
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions { ClaimedErrorNanos = ClaimedNanos }));
        Sys.ActorOf(TimeWireEndpoint.Props(_socket, new WireClock(clock, null), _key, TimeWireSettings.Default, guard: null));

        _client.Send("ROUGHTIM, not yet"u8.ToArray(), _socket.LocalEndPoint);

        var refused = ExpectMsg<TimeReplyRefused>(Generous);
        Assert.Equal(AttestationRefusal.Malformed, refused.Reason);
        Assert.Equal(((IPEndPoint)_client.Client.LocalEndPoint!).Port, refused.From!.Port);
        Assert.Contains("RKTM", refused.Detail, StringComparison.Ordinal);
    }

    private TimeDatagram Receive()
    {
        _client.Client.ReceiveTimeout = (int)Generous.TotalMilliseconds;
        IPEndPoint from = new(IPAddress.Any, 0);
        byte[] bytes = _client.Receive(ref from);
        Assert.True(TimeDatagramFormat.TryDecode(bytes, out var datagram, out string error), error);
        return datagram!;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
            _socket.Dispose();
        }
        base.Dispose(disposing);
    }
}
