using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
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
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions { OffsetNanos = AheadNanos, ClaimedErrorNanos = ClaimedNanos }), ShippedClockSettings.Clock);
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
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions { ClaimedErrorNanos = ClaimedNanos }), ShippedClockSettings.Clock);
        Sys.ActorOf(TimeWireEndpoint.Props(_socket, new WireClock(clock, null), _key, TimeWireSettings.Default, guard: null));

        _client.Send("ROUGHTIM, not yet"u8.ToArray(), _socket.LocalEndPoint);

        var refused = ExpectMsg<TimeReplyRefused>(Generous);
        Assert.Equal(AttestationRefusal.Malformed, refused.Reason);
        Assert.Equal(((IPEndPoint)_client.Client.LocalEndPoint!).Port, refused.From!.Port);
        Assert.Contains("RKTM", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_should_leave_probes_over_their_source_share_unanswered_while_another_source_is_answered()
    {
        // Two probes at once per source, and the guard's clock stands still: the third from one source is over its share.
        using var guard = Guard("roko.network.ddos.time-probe { rate-per-second = 20, burst = 2 }");
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions { ClaimedErrorNanos = ClaimedNanos }), ShippedClockSettings.Clock);
        Sys.ActorOf(TimeWireEndpoint.Props(_socket, new WireClock(clock, null), _key, TimeWireSettings.Default, guard));
        using var flooder = LoopbackSource.UdpClient(LoopbackSource.Address(2));
        using var honest = LoopbackSource.UdpClient(LoopbackSource.Address(3));

        for (int i = 0; i < 3; i++) flooder.Send(TimeDatagramFormat.Encode(new TimeProbeDatagram(TimeDatagramFormat.RandomNonce())), _socket.LocalEndPoint);
        var nonce = TimeDatagramFormat.RandomNonce();
        honest.Send(TimeDatagramFormat.Encode(new TimeProbeDatagram(nonce)), _socket.LocalEndPoint);

        // The receive loop takes datagrams in order: once the honest probe is echoed, the flooder's three were decided.
        Assert.Equal(nonce, Assert.IsType<TimeEchoDatagram>(Receive(honest)).Nonce);
        Assert.Equal(2, ReceiveAll(flooder).OfType<TimeEchoDatagram>().Count());
        var totals = guard.Totals();
        Assert.Equal(3, totals.Allowed);
        Assert.Equal(1, totals.RateLimited);
    }

    [Fact]
    public void Endpoint_should_raise_the_suspicion_of_a_source_that_sends_malformed_datagrams()
    {
        using var guard = Guard("");
        Sys.EventStream.Subscribe(TestActor, typeof(TimeReplyRefused));
        var clock = new DisciplinedClock(new SimulatedClockSource(new SimulatedClockOptions { ClaimedErrorNanos = ClaimedNanos }), ShippedClockSettings.Clock);
        Sys.ActorOf(TimeWireEndpoint.Props(_socket, new WireClock(clock, null), _key, TimeWireSettings.Default, guard));

        _client.Send("ROUGHTIM, not yet"u8.ToArray(), _socket.LocalEndPoint);

        ExpectMsg<TimeReplyRefused>(Generous);
        Assert.Equal(1, guard.Totals().Invalid);
        Assert.Equal(guard.Settings.InvalidMessageWeight, guard.ScoreOf(GuardSource.Address(IPAddress.Loopback)));
    }

    private static NodeGuard Guard(string hocon) =>
        new(DdosGuardSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults)),
            new ManualClock(NanoMoment.FromUnixSeconds(1_800_000_000)), metrics: null);

    private TimeDatagram Receive() => Receive(_client);

    private static TimeDatagram Receive(UdpClient client)
    {
        client.Client.ReceiveTimeout = (int)Generous.TotalMilliseconds;
        IPEndPoint from = new(IPAddress.Any, 0);
        byte[] bytes = client.Receive(ref from);
        Assert.True(TimeDatagramFormat.TryDecode(bytes, out var datagram, out string error), error);
        return datagram!;
    }

    /// <summary>What has reached <paramref name="client"/> (its echoes were sent before the honest one was).</summary>
    private static List<TimeDatagram> ReceiveAll(UdpClient client)
    {
        var all = new List<TimeDatagram>();
        while (client.Available > 0)
        {
            IPEndPoint from = new(IPAddress.Any, 0);
            if (TimeDatagramFormat.TryDecode(client.Receive(ref from), out var datagram, out _)) all.Add(datagram!);
        }
        return all;
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
