using System.Net;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Network;
using static Roko.Actors.Time.Wire.TimeWireProtocol;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// /user/node/timewire: the node's time-probe UDP socket. Its receive thread answers every probe at once with an echo;
/// once the kernel has stamped that echo's departure the endpoint sends the attestation: t2 (the probe's arrival) and t3 (the echo's
/// departure) on the node clock, carried back from the kernel's stamps, with the clock's error bound and status, signed
/// by the node key. For the node's own sampler it sends probes and hands back their departure stamp, the echoes and
/// the attestations that answer them; the sampler judges them. A send whose kernel transmit stamp does not come within
/// roko.timesync.wire.transmit-stamp-timeout uses the clock read just before it was sent (honest, only less precise).
/// The socket belongs to the node (its port is in the handshake); a restarted endpoint starts a new receive thread on it.
/// </summary>
public sealed class TimeWireEndpoint : ReceiveActor, IWithTimers
{
    private const string SweepTimer = "sweep-overdue";
    private const int MaxPendingAnswers = 1_024;
    private static readonly TimeSpan ResolvedLifetime = TimeSpan.FromMinutes(1);

    private readonly TimestampedUdpSocket _socket;
    private readonly WireClock _clock;
    private readonly SigningKey _key;
    private readonly TimeWireSettings _settings;
    private readonly NodeGuard? _guard;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UInt128, PendingDeparture> _departures = new();
    private readonly Dictionary<UInt128, PendingAnswer> _answers = new();
    private readonly Dictionary<string, (IPEndPoint[] Addresses, DateTime Until)> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private IActorRef _prober = ActorRefs.Nobody;
    private TimeWireReceiver? _receiver;

    public TimeWireEndpoint(TimestampedUdpSocket socket, WireClock clock, SigningKey key, TimeWireSettings settings, NodeGuard? guard)
    {
        _socket = socket;
        _clock = clock;
        _key = key;
        _settings = settings;
        _guard = guard;

        Receive<SendTimeProbe>(OnSendProbe);
        Receive<DatagramArrived>(OnArrived);
        Receive<ProbeEchoed>(OnEchoed);
        Receive<DatagramStamped>(OnStamped);
        Receive<DatagramRefused>(refused => Refuse(refused.From, AttestationRefusal.Malformed, refused.Error));
        Receive<SweepOverdue>(_ => Sweep());
        Receive<HostResolved>(OnResolved);
        Receive<Status.Failure>(failure => throw new IOException("the time-probe receive thread failed", failure.Cause));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="socket">The node's bound time-probe socket (not disposed by the actor).</param>
    /// <param name="clock">Reads the answering clock (and the sampler's raw source) right after each kernel stamp.</param>
    /// <param name="key">The node key that signs attestations (the key of the node's handshake).</param>
    /// <param name="guard">The node's guard, which admits every arriving datagram (<see cref="GuardPath.TimeProbe"/>); null admits all (the timesync bench).</param>
    public static Props Props(TimestampedUdpSocket socket, WireClock clock, SigningKey key, TimeWireSettings settings, NodeGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(settings);
        return Akka.Actor.Props.Create(() => new TimeWireEndpoint(socket, clock, key, settings, guard));
    }

    protected override void PreStart()
    {
        _receiver = TimeWireReceiver.Start(_socket, _clock, Self, _guard, _log);
        if (_socket.KernelTimestamps)
            _log.Info("Time probes on UDP {0} with kernel software timestamps", _socket.LocalEndPoint);
        else
            _log.Warning("Time probes on UDP {0} WITHOUT kernel timestamps ({1}): stamps are read in the program, so intervals are wider",
                _socket.LocalEndPoint, _socket.TimestampingProblem);
    }

    protected override void PostStop() => _receiver?.Dispose();

    private void OnSendProbe(SendTimeProbe send)
    {
        _prober = Sender;
        if (Resolve(send.Host, send.Port) is not { } to) return;
        var capture = _clock.Capture();
        if (!_socket.Send(TimeDatagramFormat.Encode(new TimeProbeDatagram(send.Nonce)), to))
        {
            _log.Debug("Time probe to {0} dropped: socket send buffer full", to);
            return;
        }
        _departures[send.Nonce] = new PendingDeparture(Sender, capture, DateTime.UtcNow);
        StartSweeping();
    }

    private void OnArrived(DatagramArrived arrived)
    {
        switch (arrived.Datagram)
        {
            case TimeEchoDatagram echo:
                if (KernelStampTranslation.RawAt(arrived.KernelNanos, arrived.Capture, _settings.StampDriftPpm) is { } t4)
                    Prober(echo.Nonce, arrived.From)?.Tell(new EchoArrived(echo, arrived.From, t4));
                break;
            case TimeAttestation attestation:
                Prober(attestation.Nonce, arrived.From)?.Tell(new AttestationArrived(attestation, arrived.From));
                break;
        }
    }

    /// <summary>A probe was echoed: the attestation follows when the kernel has stamped the echo's departure.</summary>
    private void OnEchoed(ProbeEchoed echoed)
    {
        if (_answers.Count >= MaxPendingAnswers)
        {
            _log.Debug("Time probe from {0} not attested: {1} answers are waiting for their transmit stamp", echoed.From, _answers.Count);
            return;
        }
        var t2 = KernelStampTranslation.ReadingAt(echoed.KernelNanos, echoed.Arrival, _settings.StampDriftPpm, echoed.Arrival.Reading);
        _answers[echoed.Echo.Token] = new PendingAnswer(echoed.Echo, echoed.From, t2, echoed.BeforeSending, DateTime.UtcNow);
        StartSweeping();
    }

    private void OnStamped(DatagramStamped stamped)
    {
        switch (stamped.Datagram)
        {
            case TimeProbeDatagram probe when _departures.Remove(probe.Nonce, out var departure):
                if (KernelStampTranslation.RawAt(stamped.KernelNanos, stamped.Capture, _settings.StampDriftPpm) is { } t1)
                    departure.Prober.Tell(new ProbeDeparted(probe.Nonce, t1));
                break;
            case TimeEchoDatagram echo when _answers.Remove(echo.Token, out var answer):
                Attest(answer, KernelStampTranslation.ReadingAt(stamped.KernelNanos, stamped.Capture, _settings.StampDriftPpm,
                    answer.BeforeSending.Reading));
                break;
        }
    }

    private void Attest(PendingAnswer answer, DisciplinedReading t3)
    {
        var vouched = TimeProbeAnswer.Of(answer.T2, t3);
        var attestation = TimeAttestation.Create(answer.Echo.Nonce, answer.Echo.Token, vouched.T2, vouched.T3, vouched.ErrorBoundNanos,
            vouched.Status, _key);
        _socket.Send(TimeDatagramFormat.Encode(attestation), answer.To);
    }

    /// <summary>Sends whose kernel transmit stamp is overdue use the clocks read just before they were sent.</summary>
    private void Sweep()
    {
        var overdue = DateTime.UtcNow - _settings.TransmitStampTimeout;
        foreach (var (nonce, departure) in _departures.Where(d => d.Value.At < overdue).ToArray())
        {
            _departures.Remove(nonce);
            if (KernelStampTranslation.RawAt(null, departure.BeforeSending, _settings.StampDriftPpm) is { } t1)
                departure.Prober.Tell(new ProbeDeparted(nonce, t1));
        }
        foreach (var (token, answer) in _answers.Where(a => a.Value.At < overdue).ToArray())
        {
            _answers.Remove(token);
            Attest(answer, answer.BeforeSending.Reading);
        }
        if (_departures.Count == 0 && _answers.Count == 0) Timers.Cancel(SweepTimer);
    }

    private void StartSweeping()
    {
        if (!Timers.IsTimerActive(SweepTimer))
            Timers.StartPeriodicTimer(SweepTimer, SweepOverdue.Instance, _settings.TransmitStampTimeout);
    }

    /// <summary>Echoes and attestations go to the node's sampler, which alone knows its probes; without one they are refused.</summary>
    private IActorRef? Prober(UInt128 nonce, IPEndPoint from)
    {
        if (!_prober.IsNobody()) return _prober;
        Refuse(from, AttestationRefusal.UnknownProbe, $"reply to probe {nonce:x32}, and this node sends no probes");
        return null;
    }

    private void Refuse(IPEndPoint? from, AttestationRefusal reason, string detail)
    {
        _log.Debug("Time datagram from {0} refused ({1}): {2}", from, reason, detail);
        Context.System.EventStream.Publish(new TimeReplyRefused(null, from, reason, detail));
    }

    /// <summary>The peer's address: an IP literal at once; a host name from the cache, or looked up in the background (the probe is dropped meanwhile).</summary>
    private IPEndPoint? Resolve(string host, int port)
    {
        if (IPAddress.TryParse(host, out var literal)) return new IPEndPoint(literal, port);
        if (_resolved.TryGetValue(host, out var known) && known.Until > DateTime.UtcNow)
        {
            var match = known.Addresses.FirstOrDefault(a => a.AddressFamily == _socket.LocalEndPoint.AddressFamily);
            return match is null ? null : new IPEndPoint(match.Address, port);
        }
        if (_resolving.Add(host))
            Dns.GetHostAddressesAsync(host).PipeTo(Self,
                success: addresses => new HostResolved(host, [.. addresses.Select(a => new IPEndPoint(a, 0))], null),
                failure: e => new HostResolved(host, [], e.Message));
        return null;
    }

    private void OnResolved(HostResolved resolved)
    {
        _resolving.Remove(resolved.Host);
        if (resolved.Error is not null) _log.Warning("Cannot resolve time peer {0}: {1}", resolved.Host, resolved.Error);
        _resolved[resolved.Host] = (resolved.Addresses, DateTime.UtcNow + ResolvedLifetime);
    }

    private sealed record PendingDeparture(IActorRef Prober, ClockCapture BeforeSending, DateTime At);

    private sealed record PendingAnswer(TimeEchoDatagram Echo, IPEndPoint To, DisciplinedReading T2, ClockCapture BeforeSending, DateTime At);

    private sealed record HostResolved(string Host, IPEndPoint[] Addresses, string? Error);
}
