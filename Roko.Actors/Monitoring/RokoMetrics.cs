using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Mempool;
using Roko.Actors.Network;
using Roko.Actors.Time.Wire;

namespace Roko.Actors.Monitoring;

/// <summary>
/// One node's instruments. Every node owns its own <see cref="Meter"/> named <see cref="MeterName"/> carrying the
/// meter tag <c>node</c>: the devnet runs several nodes in one process, and a per-node meter keeps each node's
/// <c>/metrics</c> to its own series (the exposition listens to one meter instance and renders its tags as labels).
/// Counters and histograms record directly; gauges report the latest value an actor set, and are absent until set.
/// </summary>
public sealed class RokoMetrics : IDisposable
{
    public const string MeterName = "Roko";
    public const string NodeTag = "node";

    private const string SecondsUnit = "s";
    private const string BytesUnit = "By";
    private const string DirectionLabel = "direction";
    private const string StepLabel = "step";
    private const string ReasonLabel = "reason";
    private const string KindLabel = "kind";
    private const string PathLabel = "path";
    private const string PeerLabel = "peer";
    private const string PriorityLabel = "priority";
    private const string CodecLabel = "codec";
    private const string OutcomeLabel = "outcome";

    private readonly LatestValue _peerCount = new();
    private readonly LatestValue _latencyP50 = new();
    private readonly LatestValue _latencyP99 = new();
    private readonly LatestValue _lastBlockTime = new();
    private readonly LatestValue _lastFinalityTime = new();
    private readonly LatestValue _participation = new();
    private readonly LatestValue _dispatcherLag = new();
    private readonly LatestValue _timeDrift = new();
    private readonly LatestValue _syncAccuracy = new();
    private readonly LatestValue _attestationRate = new();
    private readonly LatestValue _chainHeight = new();
    private readonly LatestValue _timeFalsetickers = new();
    private readonly LatestValue _timeCardFalseticker = new();
    private long _forks;
    private long _unresolvedForks;
    private int _stoppedComponents;
    private long _envelopesOut;
    private long _wireBytesOut;
    private long _uncompressedBytesOut;
    private string[] _missingValidators = [];

    private readonly Counter<long> _messages;
    private readonly Counter<long> _bandwidth;
    private readonly Counter<long> _uncompressedBandwidth;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _framesRejected;
    private readonly Counter<long> _routedDestinations;
    private readonly Histogram<double> _blockTime;
    private readonly Histogram<double> _finalityTime;
    private readonly Histogram<double> _roundDuration;
    private readonly Histogram<double> _stepDuration;
    private readonly Histogram<double> _signingRecordWrite;
    private readonly Counter<long> _blocksCommitted;
    private readonly Counter<long> _transactionsAdmitted;
    private readonly Counter<long> _transactionsRejected;
    private readonly Counter<long> _ddosRateLimited;
    private readonly Counter<long> _ddosBlacklistings;
    private readonly Counter<long> _ddosRefusedBlacklisted;
    private readonly Counter<long> _ddosInvalid;
    private readonly Counter<long> _httpMonitoringRefused;
    private readonly Counter<long> _envelopesRejected;
    private readonly Counter<long> _rttTablesRejected;
    private readonly Counter<long> _handshakesRefused;
    private readonly Counter<long> _nilPrevotes;
    private readonly Counter<long> _sessionSignalsRefused;
    private readonly Counter<long> _timeRepliesRefused;
    private readonly Counter<long> _timeAttestationsVerified;
    private readonly Counter<long> _falsetickerRounds;

    public RokoMetrics(string node)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        Node = node;
        Meter = new Meter(new MeterOptions(MeterName) { Tags = [new(NodeTag, node)] });

        Gauge("roko_peers", null, "Peers this node is connected to.", _peerCount);
        _messages = Meter.CreateCounter<long>("roko_messages_total", null,
            "Peer messages handled, by direction (in, out); message_rate is rate() of this.");
        _bandwidth = Meter.CreateCounter<long>("roko_bandwidth_bytes_total", BytesUnit,
            "Bytes of peer messages as they crossed the wire (frames after compression, RTT tables), by direction (in, out); bandwidth_usage is rate() of this.");
        _uncompressedBandwidth = Meter.CreateCounter<long>("roko_bandwidth_uncompressed_bytes_total", BytesUnit,
            "The same peer traffic as roko_bandwidth_bytes_total before compression, by direction (in, out).");
        _frames = Meter.CreateCounter<long>("roko_wire_frames_total", null,
            "Frames (batches of envelopes) sent or received, by direction, priority header and codec (none, deflate, brotli).");
        _framesRejected = Meter.CreateCounter<long>("roko_frames_rejected_total", null,
            "Inbound frames refused before their envelopes were read, by reason; each one counts against the sender.");
        _routedDestinations = Meter.CreateCounter<long>("roko_routed_destinations_total", null,
            "Destinations of structured messages this node sent on, by outcome: direct (next hop is the destination), relayed (through another node), unroutable.");
        Gauge("roko_latency_p50_seconds", SecondsUnit, "Median round-trip time to peers.", _latencyP50);
        Gauge("roko_latency_p99_seconds", SecondsUnit, "99th percentile round-trip time to peers.", _latencyP99);
        _ddosRateLimited = Meter.CreateCounter<long>("roko_ddos_rate_limited_total", null,
            "Inbound messages or requests the node's guard refused for exceeding their source's rate, by way in (path).");
        _ddosBlacklistings = Meter.CreateCounter<long>("roko_ddos_blacklistings_total", null,
            "Sources the node's guard blacklisted (refused on every way in until the blacklisting expires), by the way in that crossed the threshold.");
        _ddosRefusedBlacklisted = Meter.CreateCounter<long>("roko_ddos_blacklisted_refusals_total", null,
            "Inbound messages or requests refused because their source was blacklisted, by way in (path).");
        _ddosInvalid = Meter.CreateCounter<long>("roko_ddos_invalid_total", null,
            "Inbound messages that failed a check (signature, format, timestamp) and raised their source's suspicion, by way in (path).");
        _httpMonitoringRefused = Meter.CreateCounter<long>("roko_http_monitoring_refused_total", null,
            "Requests to /health or /metrics answered 429 because their client address was over its monitoring budget (roko.http.monitoring).");
        _envelopesRejected = Meter.CreateCounter<long>("roko_envelopes_rejected_total", null,
            "Inbound envelopes refused by admission, by reason; each one counts against the sender.");
        _rttTablesRejected = Meter.CreateCounter<long>("roko_rtt_tables_rejected_total", null,
            "RTT tables shared by peers that were refused, by reason.");
        _sessionSignalsRefused = Meter.CreateCounter<long>("roko_session_signals_refused_total", null,
            "Peer handshake replies, pings and pongs refused by kind and reason (unsigned, forged, another key than the handshake's; unsolicited: late or replayed).");
        _handshakesRefused = Meter.CreateCounter<long>("roko_handshakes_refused_total", null,
            "Peers whose handshake this node refused, by reason (certificate_key_mismatch: its TLS certificate names another node key).");
        _nilPrevotes = Meter.CreateCounter<long>("roko_consensus_nil_prevotes_total", null,
            "Nil prevotes this validator cast instead of the round's proposal, by reason (no_proposal, invalid_block, too_early, too_late, locked_on_other).");

        _blockTime = Histogram("roko_block_time_seconds", "Time between consecutive committed blocks.", HistogramBuckets.Consensus);
        _finalityTime = Histogram("roko_finality_time_seconds", "Time from a block's proposal to its finality.", HistogramBuckets.Consensus);
        Gauge("roko_dispatcher_lag_seconds", "s",
            "How late the node's dispatcher runs a timer that is due, smoothed: the time any message waits for a thread. Above roko.mempool.admission.busy-above the node refuses new client transactions (Busy).",
            _dispatcherLag);
        Gauge("roko_validator_participation_ratio", null,
            "Share of validator stake that precommitted the previous committed block: its certificate's signers and precommits that arrived after it formed.",
            _participation);
        // Observed rather than added to, so the series is exported at 0 from the start: a fork count with no series
        // would read as "not measured", not as "no forks".
        Meter.CreateObservableCounter("roko_forks_total", () => Interlocked.Read(ref _forks), null,
            "Forks this node holds evidence of: two valid commit certificates for different blocks at one height.");
        Meter.CreateObservableGauge("roko_forks_unresolved", () => Interlocked.Read(ref _unresolvedForks), null,
            "Forks detected that no operator has dealt with yet; while above 0 this node neither proposes nor votes.");
        _roundDuration = Histogram("roko_consensus_round_duration_seconds",
            "Duration of one consensus round: from its start to the decision or to the next round.", HistogramBuckets.Consensus);
        _stepDuration = Histogram("roko_consensus_step_duration_seconds",
            "Time spent in one consensus step until leaving it, by step (propose: waiting for the proposal; prevote: for a polka; precommit: for the decision; commit: applying and storing the decided block).",
            HistogramBuckets.ConsensusStep);
        _signingRecordWrite = Histogram("roko_signing_record_write_seconds",
            "Time to store this validator's signing record durably before a proposal or vote leaves the node: the disk's share of every consensus step.",
            HistogramBuckets.ConsensusStep);
        _blocksCommitted = Meter.CreateCounter<long>("roko_blocks_committed_total", null, "Blocks this node committed.");
        Gauge("roko_chain_height", null, "Height of the latest committed block.", _chainHeight);
        _transactionsAdmitted = Meter.CreateCounter<long>("roko_transactions_admitted_total", null, "Transactions admitted to the mempool.");
        _transactionsRejected = Meter.CreateCounter<long>("roko_transactions_rejected_total", null, "Transactions refused by the mempool, by reason.");

        Gauge("roko_time_drift_seconds", SecondsUnit, "Signed offset of this node's clock from true time (positive runs ahead).", _timeDrift);
        Gauge("roko_sync_accuracy_seconds", SecondsUnit, "Error bound of this node's time synchronization.", _syncAccuracy);
        Gauge("roko_attestation_rate_ratio", null, "Share of expected time attestations received in the latest period.", _attestationRate);
        _timeAttestationsVerified = Meter.CreateCounter<long>("roko_time_attestations_verified_total", null,
            "Time-probe attestations whose signature by the peer's handshake key verified.");
        _timeRepliesRefused = Meter.CreateCounter<long>("roko_time_replies_refused_total", null,
            "Time-probe replies refused, by reason (unsigned, bad_signature, wrong_signer, unknown_probe, malformed).");
        Gauge("roko_time_falsetickers", null, "Peers the latest time-sync round named falsetickers (interval outside the agreed one).", _timeFalsetickers);
        _falsetickerRounds = Meter.CreateCounter<long>("roko_time_falseticker_rounds_total", null,
            "Time-sync rounds that named a peer a falseticker, by peer.");
        Gauge("roko_time_card_falseticker", null,
            "1 while this node's time card is a falseticker (disjoint from its peers' agreement) and does not count as a time card.", _timeCardFalseticker);
        // Observed, so it reads 0 from the start: "none stopped" rather than "not measured".
        Meter.CreateObservableGauge("roko_stopped_components", () => Volatile.Read(ref _stoppedComponents), null,
            "Children of /user/node that exhausted their restarts and stay stopped; the node is not ready while this is above 0.");
    }

    public Meter Meter { get; }
    public string Node { get; }

    public void SetDispatcherLag(TimeSpan lag) => _dispatcherLag.Set(Seconds(lag, nameof(lag)));

    public void SetPeerCount(int peers) => _peerCount.Set(NotNegative(peers, nameof(peers)));

    /// <summary>One unframed peer message (an RTT table) of <paramref name="bytes"/>, sent or received as is.</summary>
    public void RecordMessage(TrafficDirection direction, long bytes)
    {
        var tag = new KeyValuePair<string, object?>(DirectionLabel, DirectionText(direction));
        _messages.Add(1, tag);
        _bandwidth.Add(NotNegative(bytes, nameof(bytes)), tag);
        _uncompressedBandwidth.Add(bytes, tag);
    }

    /// <summary>Envelopes sent or received inside frames (their bytes are counted per frame by <see cref="RecordWire"/>).</summary>
    public void RecordMessages(TrafficDirection direction, int count)
    {
        _messages.Add(NotNegative(count, nameof(count)), new KeyValuePair<string, object?>(DirectionLabel, DirectionText(direction)));
        if (direction == TrafficDirection.Outbound) Interlocked.Add(ref _envelopesOut, count);
    }

    /// <summary>
    /// One frame: <paramref name="wireBytes"/> as it crossed the wire, <paramref name="uncompressedBytes"/> before compression.
    /// <paramref name="priority"/> is its priority header, null for a frame refused before it could be read.
    /// </summary>
    public void RecordWire(TrafficDirection direction, MessagePriority? priority, long wireBytes, long uncompressedBytes, PayloadCodec codec)
    {
        var tag = new KeyValuePair<string, object?>(DirectionLabel, DirectionText(direction));
        _bandwidth.Add(NotNegative(wireBytes, nameof(wireBytes)), tag);
        _uncompressedBandwidth.Add(NotNegative(uncompressedBytes, nameof(uncompressedBytes)), tag);
        _frames.Add(1, tag, new KeyValuePair<string, object?>(PriorityLabel, priority is { } p ? LabelText.SnakeCase(p.ToString()) : "unknown"),
            new KeyValuePair<string, object?>(CodecLabel, codec.ToString().ToLowerInvariant()));
        if (direction != TrafficDirection.Outbound) return;
        Interlocked.Add(ref _wireBytesOut, wireBytes);
        Interlocked.Add(ref _uncompressedBytesOut, uncompressedBytes);
    }

    /// <summary>What this node has sent to peers in frames since it started (RTT tables and pings not included).</summary>
    public FramesSent Sent => new(Interlocked.Read(ref _envelopesOut), Interlocked.Read(ref _wireBytesOut), Interlocked.Read(ref _uncompressedBytesOut));

    public void RecordFrameRejected(PayloadRejection reason) =>
        _framesRejected.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    /// <summary>A structured message's routing decision at this node: destinations sent direct, through a relay, or dropped.</summary>
    public void RecordRouting(int direct, int relayed, int unroutable)
    {
        if (direct > 0) _routedDestinations.Add(direct, new KeyValuePair<string, object?>(OutcomeLabel, "direct"));
        if (relayed > 0) _routedDestinations.Add(relayed, new KeyValuePair<string, object?>(OutcomeLabel, "relayed"));
        if (unroutable > 0) _routedDestinations.Add(unroutable, new KeyValuePair<string, object?>(OutcomeLabel, "unroutable"));
    }

    /// <summary>One inbound message dropped by the node's guard for its source's rate on <paramref name="path"/>.</summary>
    public void RecordRateLimited(GuardPath path) => _ddosRateLimited.Add(1, PathTag(path));

    public void RecordBlacklisting(GuardPath path) => _ddosBlacklistings.Add(1, PathTag(path));

    public void RecordBlacklistedRefusal(GuardPath path) => _ddosRefusedBlacklisted.Add(1, PathTag(path));

    public void RecordInvalid(GuardPath path) => _ddosInvalid.Add(1, PathTag(path));

    public void RecordMonitoringRefused() => _httpMonitoringRefused.Add(1);

    private static KeyValuePair<string, object?> PathTag(GuardPath path) => new(PathLabel, path.Label());

    public void RecordEnvelopeRejected(EnvelopeRejection reason) =>
        _envelopesRejected.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    public void RecordNilPrevote(Consensus.NilPrevoteReason reason) =>
        _nilPrevotes.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    public void RecordHandshakeRefused(HandshakeRefusal reason) =>
        _handshakesRefused.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    public void RecordSessionSignalRefused(SessionSignalKind kind, SessionSignalRejection reason) =>
        _sessionSignalsRefused.Add(1, new KeyValuePair<string, object?>(KindLabel, LabelText.SnakeCase(kind.ToString())),
            new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    public void RecordRttTableRejected(RttTableRejection reason) =>
        _rttTablesRejected.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    public void SetLatency(TimeSpan p50, TimeSpan p99)
    {
        _latencyP50.Set(Seconds(p50, nameof(p50)));
        _latencyP99.Set(Seconds(p99, nameof(p99)));
    }

    public void RecordBlockCommitted(long height, TimeSpan sincePreviousBlock)
    {
        double seconds = Seconds(sincePreviousBlock, nameof(sincePreviousBlock));
        _blocksCommitted.Add(1);
        _blockTime.Record(seconds);
        _lastBlockTime.Set(seconds);
        _chainHeight.Set(NotNegative(height, nameof(height)));
    }

    public void RecordFinality(TimeSpan proposalToFinality)
    {
        double seconds = Seconds(proposalToFinality, nameof(proposalToFinality));
        _finalityTime.Record(seconds);
        _lastFinalityTime.Set(seconds);
    }

    /// <summary>The share of voting power that precommitted the latest fully counted block, and the validators whose precommits never came.</summary>
    public void SetValidatorParticipation(double ratio, IEnumerable<string> missingValidators)
    {
        ArgumentNullException.ThrowIfNull(missingValidators);
        Volatile.Write(ref _missingValidators, [.. missingValidators]);
        _participation.Set(Ratio(ratio, nameof(ratio)));
    }

    /// <summary>The fork monitor's record: forks it holds evidence of (persisted, so the count survives restarts) and how many are unresolved.</summary>
    public void SetForks(int detected, int unresolved)
    {
        Interlocked.Exchange(ref _forks, NotNegative(detected, nameof(detected)));
        Interlocked.Exchange(ref _unresolvedForks, NotNegative(unresolved, nameof(unresolved)));
    }

    /// <summary>One durable write of the signing record (before a proposal or vote is sent).</summary>
    public void RecordSigningRecordWrite(TimeSpan duration) => _signingRecordWrite.Record(Seconds(duration, nameof(duration)));

    public void RecordRound(TimeSpan duration) => _roundDuration.Record(Seconds(duration, nameof(duration)));

    /// <summary>One consensus step's duration; <paramref name="step"/> is the step's name (propose, prevote, …).</summary>
    public void RecordStep(string step, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        _stepDuration.Record(Seconds(duration, nameof(duration)), new KeyValuePair<string, object?>(StepLabel, step.ToLowerInvariant()));
    }

    public void RecordAdmission(AdmissionResult result)
    {
        if (result.IsAccepted)
            _transactionsAdmitted.Add(1);
        else
            _transactionsRejected.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(result.Code.ToString())));
    }

    /// <summary>Signed offset of the local clock from true time, in nanoseconds (positive: the clock runs ahead).</summary>
    public void SetTimeDriftNanos(long offsetNanos) => _timeDrift.Set(Nanoseconds.ToSeconds(offsetNanos));

    /// <summary>The error bound of the synchronized time (half the uncertainty interval), in nanoseconds.</summary>
    public void SetSyncAccuracyNanos(long errorBoundNanos) =>
        _syncAccuracy.Set(Nanoseconds.ToSeconds(NotNegative(errorBoundNanos, nameof(errorBoundNanos))));

    public void SetAttestationRate(double ratio) => _attestationRate.Set(Ratio(ratio, nameof(ratio)));

    public void RecordTimeAttestationVerified() => _timeAttestationsVerified.Add(1);

    public void RecordTimeReplyRefused(AttestationRefusal reason) =>
        _timeRepliesRefused.Add(1, new KeyValuePair<string, object?>(ReasonLabel, LabelText.SnakeCase(reason.ToString())));

    /// <summary>The peers the latest time-sync round named falsetickers; each is counted under its name.</summary>
    public void SetTimeFalsetickers(IReadOnlyCollection<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        _timeFalsetickers.Set(peers.Count);
        foreach (var peer in peers) _falsetickerRounds.Add(1, new KeyValuePair<string, object?>(PeerLabel, peer));
    }

    /// <summary>Whether this node's own time card is a falseticker (1) or trusted (0).</summary>
    public void SetTimeCardFalseticker(bool falseticker) => _timeCardFalseticker.Set(falseticker ? 1 : 0);

    /// <summary>How many of the node's components stopped for good (NodeGuardian names them in GET /health and its log).</summary>
    public void SetStoppedComponents(int count) => Volatile.Write(ref _stoppedComponents, (int)NotNegative(count, nameof(count)));

    /// <summary>The latest value of every alertable metric that has been set.</summary>
    public MetricSnapshot Snapshot()
    {
        var values = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        Put(values, SeedMetric.PeerCount, _peerCount.Get());
        Put(values, SeedMetric.LatencyP50, _latencyP50.Get());
        Put(values, SeedMetric.LatencyP99, _latencyP99.Get());
        Put(values, SeedMetric.BlockTime, _lastBlockTime.Get());
        Put(values, SeedMetric.FinalityTime, _lastFinalityTime.Get());
        Put(values, SeedMetric.ValidatorParticipation, _participation.Get());
        Put(values, SeedMetric.ForkCount, Interlocked.Read(ref _forks));
        Put(values, SeedMetric.UnresolvedForks, Interlocked.Read(ref _unresolvedForks));
        Put(values, SeedMetric.TimeDrift, _timeDrift.Get() is { } drift ? Math.Abs(drift) : null);
        Put(values, SeedMetric.SyncAccuracy, _syncAccuracy.Get());
        Put(values, SeedMetric.AttestationRate, _attestationRate.Get());
        Put(values, SeedMetric.TimeFalsetickers, _timeFalsetickers.Get());
        Put(values, SeedMetric.TimeCardFalseticker, _timeCardFalseticker.Get());
        Put(values, SeedMetric.StoppedComponents, Volatile.Read(ref _stoppedComponents));
        return new MetricSnapshot(values.ToImmutable(), [.. Volatile.Read(ref _missingValidators)]);
    }

    public void Dispose() => Meter.Dispose();

    private void Gauge(string name, string? unit, string description, LatestValue source) =>
        Meter.CreateObservableGauge(name, () => source.Get() is { } value ? [new Measurement<double>(value)] : Array.Empty<Measurement<double>>(),
            unit, description);

    private Histogram<double> Histogram(string name, string description, IReadOnlyList<double> buckets) =>
        Meter.CreateHistogram(name, SecondsUnit, description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });

    private static void Put(ImmutableDictionary<string, double>.Builder values, string metric, double? value)
    {
        if (value is { } v)
            values[metric] = v;
    }

    private static string DirectionText(TrafficDirection direction) => direction switch
    {
        TrafficDirection.Inbound => "in",
        TrafficDirection.Outbound => "out",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "not a traffic direction"),
    };

    private static long NotNegative(long value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must not be negative");

    private static double Seconds(TimeSpan duration, string name) =>
        duration >= TimeSpan.Zero ? duration.TotalSeconds : throw new ArgumentOutOfRangeException(name, duration, "must not be negative");

    private static double Ratio(double ratio, string name) =>
        ratio is >= 0 and <= 1 ? ratio : throw new ArgumentOutOfRangeException(name, ratio, "must be between 0 and 1");
}

/// <summary>Totals of a node's outbound frames: envelopes, bytes on the wire (after compression), bytes before compression.</summary>
public readonly record struct FramesSent(long Envelopes, long WireBytes, long UncompressedBytes)
{
    public static FramesSent operator -(FramesSent later, FramesSent earlier) =>
        new(later.Envelopes - earlier.Envelopes, later.WireBytes - earlier.WireBytes, later.UncompressedBytes - earlier.UncompressedBytes);

    public static FramesSent operator +(FramesSent a, FramesSent b) =>
        new(a.Envelopes + b.Envelopes, a.WireBytes + b.WireBytes, a.UncompressedBytes + b.UncompressedBytes);
}
