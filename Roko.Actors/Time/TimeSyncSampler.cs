using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using static Roko.Actors.Hardware.Clocks.PtpClockProtocol;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Time;

/// <summary>
/// The node's time-sync actor (/user/node/timesync). It answers <see cref="TimeProbe"/>s from any node with its
/// disciplined clock, and every probe interval it evaluates a round over its peers' best samples (Marzullo, strict
/// majority), sends the correction to the clock actor, then probes every peer again.
///
/// Our side of each exchange (t1, t4) is stamped on the clock's raw source, never on its disciplined value: the source
/// is not slewed or stepped, so samples stay comparable across corrections and the frequency estimate is the source's
/// own. Corrections go to the clock actor as <see cref="ApplySourceCorrection"/> (the clock actor is the sole writer);
/// they carry the raw instant they were measured at, so the clock applies them exactly however late they arrive.
/// Peers that are unsynchronized or claim an unbounded error are not used as sources until they are synchronized.
/// </summary>
public sealed class TimeSyncSampler : ReceiveActor, IWithTimers
{
    private const string TickTimerKey = "sync-round";

    private readonly DisciplinedClock _clock;
    private readonly IActorRef _clockActor;
    private readonly bool _steers;
    private readonly TimeSyncSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TimePeer> _peers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeerSampleFilter> _filters = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PendingProbe> _pending = new();
    private readonly HashSet<string> _unusablePeers = new(StringComparer.Ordinal);
    private HashSet<string> _falsetickers = new(StringComparer.Ordinal);
    private FrequencyEstimator _frequency;
    private TimeSyncStatus _status;
    private long _nextProbeId;
    private long _round;
    // Whether this incarnation was told its peers (SetTimePeers) — then the previous incarnation's are out of date.
    private bool _peersGiven;

    public TimeSyncSampler(DisciplinedClock clock, IActorRef clockActor, TimeSyncSettings settings, IReadOnlyList<TimePeer> peers,
        bool steers = true)
    {
        _clock = clock;
        _clockActor = clockActor;
        _steers = steers;
        _settings = settings;
        _frequency = FrequencyEstimator.Empty(settings.FrequencyWindow, settings.MaxDriftPpm);
        _status = TimeSyncStatus.Initial(clock.Status);
        ReplacePeers(peers);

        Receive<TimeProbe>(Answer);
        Receive<TimeProbeReply>(Record);
        Receive<SyncTick>(_ => OnTick());
        Receive<SetTimePeers>(set =>
        {
            _peersGiven = true;
            ReplacePeers(set.Peers);
        });
        Receive<TimePeersHandedOver>(handed =>
        {
            if (!_peersGiven) ReplacePeers(handed.Peers);
        });
        Receive<GetTimeSyncStatus>(_ => Sender.Tell(_status));
        Receive<CorrectionApplied>(applied => _log.Debug("Correction applied: phase {0} ns, clock now {1}", applied.PhaseNanos, applied.After));
        Receive<CorrectionRejected>(OnCorrectionRejected);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// <paramref name="clock"/> is read for stamping; <paramref name="clockActor"/> (the node's PtpClockActor, owner of
    /// that clock) receives the corrections. Peers may be given now or later with <see cref="SetTimePeers"/>. Without
    /// <paramref name="steers"/> (a time card: its own source is the reference) the sampler only monitors: it measures
    /// how far the clock lies outside the interval its peers agree on (time_drift) and how many of them attest a bounded
    /// time (attestation_rate), and never corrects the clock.
    /// </summary>
    public static Props Props(DisciplinedClock clock, IActorRef clockActor, TimeSyncSettings settings, IReadOnlyList<TimePeer>? peers = null,
        bool steers = true)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(clockActor);
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<TimePeer> initial = peers ?? [];
        return Akka.Actor.Props.Create(() => new TimeSyncSampler(clock, clockActor, settings, initial, steers));
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(TickTimerKey, SyncTick.Instance, _settings.ProbeInterval);

    /// <summary>The PeerManager names the peers only when they change: the failed incarnation hands them to the next one.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        Self.Tell(new TimePeersHandedOver([.. _peers.Values]));
        base.PreRestart(reason, message);
    }

    private void Answer(TimeProbe probe) => Sender.Tell(TimeProbeAnswer.Reply(probe, _clock.Read(), _clock.Read()));

    private void Record(TimeProbeReply reply)
    {
        if (!TryReadRaw(out var source, out long t4)) return;
        if (!_pending.Remove(reply.ProbeId, out var probe) || probe.T1 != reply.T1.UnixNanoseconds || probe.Source != source)
        {
            _log.Debug("Dropped a reply to unknown or expired probe {0}", reply.ProbeId);
            return;
        }
        long roundTrip = t4 - probe.T1;
        if (roundTrip > _settings.ProbeTimeoutNanos)
        {
            _log.Debug("Dropped a stale reply from {0}: {1} ns after the probe (timeout {2} ns)", probe.Peer, roundTrip, _settings.ProbeTimeoutNanos);
            return;
        }
        if (!_peers.ContainsKey(probe.Peer)) return;
        if (!reply.IsUsableSource)
        {
            _filters.Remove(probe.Peer);
            if (_unusablePeers.Add(probe.Peer))
                _log.Info("Peer {0} is {1} (error {2} ns): not used as a time source until it is synchronized",
                    probe.Peer, reply.PeerStatus, reply.PeerErrorNanos);
            return;
        }
        if (_unusablePeers.Remove(probe.Peer)) _log.Info("Peer {0} is {1} again: used as a time source", probe.Peer, reply.PeerStatus);

        long allowance = ProbeSample.StampingAllowanceNanos(roundTrip, _settings.MaxDriftPpm, _clock.ReadNoiseNanos);
        long peerError = reply.PeerErrorNanos > long.MaxValue - allowance ? long.MaxValue : reply.PeerErrorNanos + allowance;
        if (!ProbeSample.TryCreate(reply.T1, reply.T2, reply.T3, new NanoMoment(t4), peerError, out var sample, out var error))
        {
            _log.Warning("Discarded a reply from {0}: {1}", probe.Peer, error);
            return;
        }
        _filters[probe.Peer] = (_filters.GetValueOrDefault(probe.Peer) ?? PeerSampleFilter.Empty(_settings.SamplesPerPeer)).Add(sample!);
        Context.System.EventStream.Publish(new ProbeSampled(probe.Peer, sample!, probe.Sequence));
        ContinueBurst(probe, source);
    }

    private void OnTick()
    {
        if (!TryReadRaw(out var source, out long now)) return;
        DropExpiredProbes(now);
        EvaluateRound(source, now);
        SendProbes(source);
    }

    private void EvaluateRound(IClockSource source, long now)
    {
        _round++;
        var at = new NanoMoment(now);
        var intervals = SyncRound.IntervalsFrom(_filters, at, _settings, FittedFrequencyPpb());
        var result = SyncRound.Evaluate(intervals, _settings.MinSources);
        double? frequencyPpb = null;
        if (result.ShouldCorrect && !_steers)
        {
            ReportFalsetickers(intervals, result);
        }
        else if (result.ShouldCorrect)
        {
            var phase = PhaseFilter.Next(_frequency, at, result, _settings.FrequencyMinPoints);
            if (phase.HistoryDiscarded)
                _log.Warning("Round offsets no longer fit a line (the fitted offset left the agreed interval): frequency history discarded");
            _frequency = phase.Estimator;
            frequencyPpb = FittedFrequencyPpb();
            _clockActor.Tell(new ApplySourceCorrection(new SourceCorrection(source, now,
                result.OffsetNanos - result.UncertaintyNanos, result.OffsetNanos + result.UncertaintyNanos, frequencyPpb,
                _settings.MaxDriftPpm, phase.EstimateNanos)));
            ReportFalsetickers(intervals, result);
        }
        else
        {
            ReportUnsynchronized(result);
        }
        Publish(result, frequencyPpb, now);
    }

    private void ReportFalsetickers(IReadOnlyList<PeerInterval> intervals, SyncRoundResult result)
    {
        long agreedLow = result.OffsetNanos - result.UncertaintyNanos;
        long agreedHigh = result.OffsetNanos + result.UncertaintyNanos;
        var current = new HashSet<string>(result.Falsetickers, StringComparer.Ordinal);
        foreach (var peer in intervals.Where(p => current.Contains(p.Peer)))
        {
            if (!_falsetickers.Contains(peer.Peer))
                _log.Warning($"FALSETICKER {peer.Peer}: it claims true time is our raw clock + [{peer.LowNanos}, {peer.HighNanos}] ns; " +
                    $"{result.Agreeing} of {result.Sources} sources agree on [{agreedLow}, {agreedHigh}] ns");
            Context.System.EventStream.Publish(new FalsetickerDetected(peer.Peer, _round, peer.LowNanos, peer.HighNanos,
                agreedLow, agreedHigh, result.Agreeing, result.Sources));
        }
        foreach (var recovered in _falsetickers.Where(p => !current.Contains(p)))
            _log.Info("Peer {0} agrees with the majority again", recovered);
        _falsetickers = current;
    }

    private void ReportUnsynchronized(SyncRoundResult result)
    {
        bool wasSynchronized = _status.Outcome == SyncOutcome.Synchronized;
        if (result.Outcome == SyncOutcome.NoMajority && (wasSynchronized || _status.Outcome != SyncOutcome.NoMajority))
            _log.Warning("TIME UNSYNCHRONIZED: no majority among {0} sources (best agreement {1}); no correction this round",
                result.Sources, result.Agreeing);
        else if (wasSynchronized)
            _log.Warning("TIME UNSYNCHRONIZED: {0} usable sources, {1} needed; no correction this round", result.Sources, _settings.MinSources);
    }

    private void Publish(SyncRoundResult result, double? frequencyPpb, long now)
    {
        var reading = _clock.Read();
        long drift = 0;
        if (result.ShouldCorrect && TryReadRaw(out _, out long raw))
            drift = _steers
                ? raw + result.OffsetNanos - reading.Estimate.UnixNanoseconds
                : MonitoredDrift.Beyond(reading.Estimate.UnixNanoseconds - raw, result.OffsetNanos - result.UncertaintyNanos,
                    result.OffsetNanos + result.UncertaintyNanos);
        _status = new TimeSyncStatus(_round, result.Outcome, drift, TimeProbeAnswer.ErrorOf(reading),
            result.ShouldCorrect ? result.UncertaintyNanos : long.MaxValue, result.Agreeing, result.Sources, _peers.Count,
            result.Falsetickers, frequencyPpb ?? _frequency.EstimatePpb(), reading.Status);
        _log.Debug("Round {0} at raw {1}: {2}", _round, now, _status);
        Context.System.EventStream.Publish(_status);
    }

    private void SendProbes(IClockSource source)
    {
        foreach (var peer in _peers.Values)
            if (!SendProbe(peer, source, sequence: 0)) return;
    }

    /// <summary>Stamps t1 and sends one probe; false when the source cannot be read or has changed.</summary>
    private bool SendProbe(TimePeer peer, IClockSource source, int sequence)
    {
        if (!TryReadRaw(out var current, out long t1) || current != source) return false;
        long id = ++_nextProbeId;
        _pending[id] = new PendingProbe(peer.Name, t1, source, sequence);
        peer.Target.Tell(new TimeProbe(new NanoMoment(t1), id), Self);
        return true;
    }

    /// <summary>
    /// The rest of a round's burst (roko.timesync.probes-per-round) is chained: the next probe leaves as soon as the
    /// previous reply is in, while every thread and connection on the path has just run, so its two legs wait alike.
    /// </summary>
    private void ContinueBurst(PendingProbe answered, IClockSource source)
    {
        int next = answered.Sequence + 1;
        if (next >= _settings.ProbesPerRound || !_peers.TryGetValue(answered.Peer, out var peer)) return;
        SendProbe(peer, source, next);
    }

    private void DropExpiredProbes(long now)
    {
        foreach (var id in _pending.Where(p => now - p.Value.T1 > _settings.ProbeTimeoutNanos).Select(p => p.Key).ToArray())
            _pending.Remove(id);
    }

    private void ReplacePeers(IReadOnlyList<TimePeer> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        _peers.Clear();
        foreach (var peer in peers) _peers[peer.Name] = peer;
        foreach (var gone in _filters.Keys.Where(name => !_peers.ContainsKey(name)).ToArray()) _filters.Remove(gone);
        _unusablePeers.IntersectWith(_peers.Keys);
        _log.Info("Time sync peers: {0}", _peers.Count == 0 ? "(none)" : string.Join(", ", _peers.Keys));
    }

    private void OnCorrectionRejected(CorrectionRejected rejected)
    {
        _log.Warning("Clock rejected the correction ({0}); samples and frequency history are discarded", rejected.Reason);
        _filters.Clear();
        _pending.Clear();
        _frequency = FrequencyEstimator.Empty(_settings.FrequencyWindow, _settings.MaxDriftPpm);
    }

    /// <summary>The fitted frequency once enough rounds are fitted (roko.timesync.frequency-min-points), else null.</summary>
    private double? FittedFrequencyPpb() =>
        _frequency.Points.Length >= _settings.FrequencyMinPoints ? _frequency.EstimatePpb() : null;

    private bool TryReadRaw(out IClockSource source, out long raw)
    {
        try
        {
            (source, raw) = _clock.ReadSourceTime();
            return true;
        }
        catch (ClockUnavailableException e)
        {
            _log.Warning("Clock source unreadable, skipping: {0}", e.Message);
            source = null!;
            raw = 0;
            return false;
        }
    }

    private sealed record PendingProbe(string Peer, long T1, IClockSource Source, int Sequence);
}
