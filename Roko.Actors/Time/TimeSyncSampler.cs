using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Time.Wire;
using static Roko.Actors.Hardware.Clocks.PtpClockProtocol;
using static Roko.Actors.Time.TimeSyncProtocol;
using static Roko.Actors.Time.Wire.TimeWireProtocol;

namespace Roko.Actors.Time;

/// <summary>
/// The node's time-sync actor (/user/node/timesync). Every probe interval it evaluates a round over its peers' best
/// samples (Marzullo, strict majority), sends the correction to the clock actor, then probes every peer again through
/// the node's time-probe socket (/user/node/timewire), where the kernel stamps each datagram at the wire. A sample is
/// made only from a reply whose attestation is signed by the key the peer announced (see TimeSyncSampler.Probes.cs).
///
/// Our side of each exchange (t1, t4) is stamped on the clock's raw source, never on its disciplined value: the source
/// is not slewed or stepped, so samples stay comparable across corrections and the frequency estimate is the source's
/// own. Corrections go to the clock actor as <see cref="ApplySourceCorrection"/> (the clock actor is the sole writer);
/// they carry the raw instant they were measured at, so the clock applies them exactly however late they arrive.
/// Peers that are unsynchronized or claim an unbounded error are not used as sources until they are synchronized.
/// A time card's sampler does not steer (<c>steers</c> off): it checks its own card against its peers
/// (<see cref="TimeCardCheck"/>) and reports time_drift and attestation_rate.
/// </summary>
public sealed partial class TimeSyncSampler : ReceiveActor, IWithTimers
{
    private const string TickTimerKey = "sync-round";

    private readonly DisciplinedClock _clock;
    private readonly IActorRef _clockActor;
    private readonly IActorRef _wire;
    private readonly bool _steers;
    private readonly TimeSyncSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TimePeer> _peers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeerSampleFilter> _filters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unusablePeers = new(StringComparer.Ordinal);
    private HashSet<string> _falsetickers = new(StringComparer.Ordinal);
    private FrequencyEstimator _frequency;
    private TimeCardCheck _cardCheck = TimeCardCheck.Trusted;
    private TimeSyncStatus _status;
    private long _round;
    // Whether this incarnation was told its peers (SetTimePeers) — then the previous incarnation's are out of date.
    private bool _peersGiven;

    public TimeSyncSampler(DisciplinedClock clock, IActorRef clockActor, IActorRef wire, TimeSyncSettings settings, IReadOnlyList<TimePeer> peers,
        bool steers = true)
    {
        _clock = clock;
        _clockActor = clockActor;
        _wire = wire;
        _steers = steers;
        _settings = settings;
        _frequency = FrequencyEstimator.Empty(settings.FrequencyWindow, settings.MaxDriftPpm);
        _status = TimeSyncStatus.Initial(clock.Status);
        ReplacePeers(peers);

        Receive<ProbeDeparted>(OnDeparted);
        Receive<EchoArrived>(OnEcho);
        Receive<AttestationArrived>(OnAttestation);
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
    /// that clock) receives the corrections; <paramref name="wire"/> (the node's TimeWireEndpoint) carries the probes.
    /// Peers may be given now or later with <see cref="SetTimePeers"/>. Without <paramref name="steers"/> (a time card:
    /// its own source is the reference) the sampler only monitors: it checks the card against the interval its peers
    /// agree on, measures how far the clock lies outside it (time_drift) and how many of them attest a bounded time
    /// (attestation_rate), and never corrects the clock.
    /// </summary>
    public static Props Props(DisciplinedClock clock, IActorRef clockActor, IActorRef wire, TimeSyncSettings settings,
        IReadOnlyList<TimePeer>? peers = null, bool steers = true)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(clockActor);
        ArgumentNullException.ThrowIfNull(wire);
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<TimePeer> initial = peers ?? [];
        return Akka.Actor.Props.Create(() => new TimeSyncSampler(clock, clockActor, wire, settings, initial, steers));
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(TickTimerKey, SyncTick.Instance, _settings.ProbeInterval);

    /// <summary>The PeerManager names the peers only when they change: the failed incarnation hands them to the next one.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        Self.Tell(new TimePeersHandedOver([.. _peers.Values]));
        base.PreRestart(reason, message);
    }

    private void OnTick()
    {
        if (!TryReadRaw(out var source, out long now)) return;
        DropExpiredProbes(source, now);
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
            CheckOwnCard(result);
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

    /// <summary>
    /// A time card's check of itself: its own interval, as an offset from its raw source, against the interval its peers
    /// agree on (<see cref="TimeCardCheck"/>). The verdict goes out with the round's status; changes are logged and published.
    /// </summary>
    private void CheckOwnCard(SyncRoundResult result)
    {
        var snapshot = _clock.Snapshot;
        if (!TryReadRaw(out var source, out long raw) || !ReferenceEquals(source, snapshot.Source)) return;
        var own = snapshot.IntervalAt(raw);
        if (!own.IsBounded) return;
        long ownLow = own.Earliest.UnixNanoseconds - raw, ownHigh = own.Latest.UnixNanoseconds - raw;
        long agreedLow = result.OffsetNanos - result.UncertaintyNanos, agreedHigh = result.OffsetNanos + result.UncertaintyNanos;
        var before = _cardCheck;
        _cardCheck = _cardCheck.Next(TimeCardCheck.IsDisjoint(ownLow, ownHigh, agreedLow, agreedHigh),
            _settings.FalsetickerAfterRounds, _settings.AgreeAfterRounds);
        if (_cardCheck.Falseticker == before.Falseticker) return;
        if (_cardCheck.Falseticker)
            _log.Error($"TIME CARD FALSETICKER: this node's card claims true time is its raw clock + [{ownLow}, {ownHigh}] ns, but " +
                       $"{result.Agreeing} of {result.Sources} peers agree on [{agreedLow}, {agreedHigh}] ns for {_cardCheck.DisjointRounds} rounds; " +
                       "it no longer counts as a time card (no voting where one is required) until it agrees again");
        else
            _log.Warning("Time card agrees with its peers again for {0} rounds: it counts as a time card again", _cardCheck.AgreeingRounds);
        Context.System.EventStream.Publish(new TimeCardChecked(_cardCheck.Falseticker, ownLow, ownHigh, agreedLow, agreedHigh,
            result.Agreeing, result.Sources));
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
            result.Falsetickers, frequencyPpb ?? _frequency.EstimatePpb(), reading.Status)
        {
            CardFalseticker = _cardCheck.Falseticker,
        };
        _log.Debug("Round {0} at raw {1}: {2}", _round, now, _status);
        Context.System.EventStream.Publish(_status);
    }

    private void ReplacePeers(IReadOnlyList<TimePeer> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        _peers.Clear();
        foreach (var peer in peers) _peers[peer.Name] = peer;
        foreach (var gone in _filters.Keys.Where(name => !_peers.ContainsKey(name)).ToArray()) _filters.Remove(gone);
        _unusablePeers.IntersectWith(_peers.Keys);
        _log.Info("Time sync peers: {0}", _peers.Count == 0 ? "(none)" : string.Join(", ", _peers.Values.Select(p => $"{p.Name} (udp {p.Host}:{p.Port})")));
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
}
