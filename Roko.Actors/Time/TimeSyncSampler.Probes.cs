using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Time.Wire;
using static Roko.Actors.Time.TimeSyncProtocol;
using static Roko.Actors.Time.Wire.TimeWireProtocol;

namespace Roko.Actors.Time;

/// <summary>
/// The sampler's probes: each is a <see cref="ProbeExchange"/> keyed by its random nonce, filled in as the endpoint
/// reports the probe's departure (t1), its echoes (t4) and its attestation. An attestation counts only when signed by
/// the key the peer's handshake announced; refused replies are published (<see cref="TimeReplyRefused"/>) and counted.
/// </summary>
public sealed partial class TimeSyncSampler
{
    private readonly Dictionary<UInt128, ProbeExchange> _pending = new();

    private void SendProbes(IClockSource source)
    {
        foreach (var peer in _peers.Values)
            if (!SendProbe(peer, source, sequence: 0)) return;
    }

    /// <summary>Sends one probe through the endpoint; false when the source cannot be read or has changed.</summary>
    private bool SendProbe(TimePeer peer, IClockSource source, int sequence)
    {
        if (!TryReadRaw(out var current, out long now) || current != source) return false;
        var nonce = TimeDatagramFormat.RandomNonce();
        _pending[nonce] = new ProbeExchange { Peer = peer.Name, Signer = peer.Key, Source = source, Sequence = sequence, SentAtRaw = now };
        _wire.Tell(new SendTimeProbe(peer.Host, peer.Port, nonce));
        return true;
    }

    private void OnDeparted(ProbeDeparted departed)
    {
        if (_pending.TryGetValue(departed.Nonce, out var exchange)) Advance(departed.Nonce, exchange.Departed(departed.T1));
    }

    private void OnEcho(EchoArrived echo)
    {
        if (_pending.TryGetValue(echo.Echo.Nonce, out var exchange)) Advance(echo.Echo.Nonce, exchange.Echoed(echo.Echo.Token, echo.T4));
        else _log.Debug("Echo from {0} answers no probe of ours that is still waiting", echo.From);
    }

    private void OnAttestation(AttestationArrived arrived)
    {
        var attestation = arrived.Attestation;
        if (!_pending.TryGetValue(attestation.Nonce, out var exchange))
        {
            Refuse(null, arrived, AttestationRefusal.UnknownProbe, "it answers no probe of ours that is still waiting");
            return;
        }
        if (attestation.Check(exchange.Signer) is { } refusal)
        {
            Refuse(exchange.Peer, arrived, refusal, refusal == AttestationRefusal.WrongSigner
                ? $"signed by {attestation.Signer}, the peer's handshake announced {exchange.Signer}"
                : $"claims t2 {attestation.T2}, t3 {attestation.T3}, ±{attestation.ErrorBoundNanos} ns, {attestation.Status}");
            _pending[attestation.Nonce] = exchange.Refused();
            return;
        }
        Context.System.EventStream.Publish(new TimeAttestationVerified(exchange.Peer));
        Advance(attestation.Nonce, exchange.Attested(attestation));
    }

    private void Refuse(string? peer, AttestationArrived arrived, AttestationRefusal reason, string detail)
    {
        if (reason == AttestationRefusal.UnknownProbe) _log.Debug("Time reply from {0} refused ({1}): {2}", arrived.From, reason, detail);
        else _log.Warning("Time reply from {0} ({1}) REFUSED, {2}: {3}", peer, arrived.From, reason, detail);
        Context.System.EventStream.Publish(new TimeReplyRefused(peer, arrived.From, reason, detail));
    }

    /// <summary>Keeps an exchange until t1, the verified attestation and its echo are all in; then makes its sample.</summary>
    private void Advance(UInt128 nonce, ProbeExchange exchange)
    {
        if (!exchange.IsComplete)
        {
            _pending[nonce] = exchange;
            return;
        }
        _pending.Remove(nonce);
        if (!_peers.ContainsKey(exchange.Peer) || !TryReadRaw(out var source, out long now) || !ReferenceEquals(source, exchange.Source)) return;
        if (now - exchange.SentAtRaw > _settings.ProbeTimeoutNanos)
        {
            _log.Debug("Dropped a stale reply from {0}: {1} ns after the probe (timeout {2} ns)", exchange.Peer, now - exchange.SentAtRaw,
                _settings.ProbeTimeoutNanos);
            return;
        }
        var attestation = exchange.Attestation!;
        if (!attestation.IsUsableSource)
        {
            _filters.Remove(exchange.Peer);
            if (_unusablePeers.Add(exchange.Peer))
                _log.Info("Peer {0} is {1} (error {2} ns): not used as a time source until it is synchronized",
                    exchange.Peer, attestation.Status, attestation.ErrorBoundNanos);
            return;
        }
        if (_unusablePeers.Remove(exchange.Peer)) _log.Info("Peer {0} is {1} again: used as a time source", exchange.Peer, attestation.Status);
        if (!exchange.TryBuildSample(_settings.MaxDriftPpm, _clock.ReadNoiseNanos, out var sample, out string error))
        {
            _log.Debug("Discarded a reply from {0}: {1}", exchange.Peer, error);
            return;
        }
        _filters[exchange.Peer] = (_filters.GetValueOrDefault(exchange.Peer) ?? PeerSampleFilter.Empty(_settings.SamplesPerPeer)).Add(sample!);
        Context.System.EventStream.Publish(new ProbeSampled(exchange.Peer, sample!, exchange.Sequence));
        ContinueBurst(exchange, source);
    }

    /// <summary>
    /// The rest of a round's burst (roko.timesync.probes-per-round) is chained: the next probe leaves as soon as the
    /// previous reply is in.
    /// </summary>
    private void ContinueBurst(ProbeExchange answered, IClockSource source)
    {
        int next = answered.Sequence + 1;
        if (next >= _settings.ProbesPerRound || !_peers.TryGetValue(answered.Peer, out var peer)) return;
        SendProbe(peer, source, next);
    }

    /// <summary>
    /// Probes older than the timeout are given up; one whose echo came but whose attestation never did is an unsigned
    /// reply, refused and counted.
    /// </summary>
    private void DropExpiredProbes(IClockSource source, long now)
    {
        foreach (var (nonce, exchange) in _pending.Where(p => !ReferenceEquals(p.Value.Source, source) || now - p.Value.SentAtRaw > _settings.ProbeTimeoutNanos).ToArray())
        {
            _pending.Remove(nonce);
            if (exchange.Echoes.Length > 0 && exchange.Attestation is null && exchange.RefusedAttestations == 0)
            {
                _log.Debug("Time reply from {0} refused, {1}: its echo came without an attestation in time", exchange.Peer, AttestationRefusal.Unsigned);
                Context.System.EventStream.Publish(new TimeReplyRefused(exchange.Peer, null, AttestationRefusal.Unsigned,
                    "an echo without an attestation"));
            }
        }
    }
}
