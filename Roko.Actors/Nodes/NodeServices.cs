using Roko.Actors.ClusterAccess;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Propagation;
using Roko.Actors.Persistence;
using Roko.Actors.Time;
using Roko.Actors.Sync;

namespace Roko.Actors.Nodes;

/// <summary>What the node's actors are built from: loaded once at start-up.</summary>
public sealed class NodeServices(
    NodeSettings settings, Genesis genesis, SigningKey nodeKey, IClock clock,
    ChainStoreSettings chainStoreSettings, MempoolSettings mempoolSettings,
    ConsensusSettings consensusSettings, OverlaySettings overlaySettings, PropagationSettings propagationSettings) : IDisposable
{
    private volatile string? _fatal;

    public NodeSettings Settings { get; } = settings;
    public Genesis Genesis { get; } = genesis;
    /// <summary>The node's Ed25519 key: it signs envelopes and handshakes, and on validators proposals and votes.</summary>
    public SigningKey NodeKey { get; } = nodeKey;
    public IClock Clock { get; } = clock;
    public ChainStoreSettings ChainStoreSettings { get; } = chainStoreSettings;
    public MempoolSettings MempoolSettings { get; } = mempoolSettings;
    public ConsensusSettings ConsensusSettings { get; } = consensusSettings;
    public OverlaySettings OverlaySettings { get; } = overlaySettings;
    public PropagationSettings PropagationSettings { get; } = propagationSettings;
    public required AlertingSettings AlertingSettings { get; init; }
    public required NetworkHealthSettings HealthSettings { get; init; }
    public required ClusterAccessSettings ClusterAccessSettings { get; init; }

    /// <summary>Transaction signatures this node has verified: mempool shards fill it, consensus validation and the chain store skip them.</summary>
    public VerifiedSignatureCache SignatureCache { get; } = new(mempoolSettings.VerifiedSignatures);
    /// <summary>Where a validator keeps its signing record (chain.db, or the PostgreSQL database); null on archives.</summary>
    public SqlSigningRecordStore? SigningRecords { get; init; }
    /// <summary>The read model of an archive node (roko.archive); null on validators.</summary>
    public Archive.ArchiveServices? Archive { get; init; }

    /// <summary>
    /// The node's own disciplined clock (roko.clock), also <see cref="Clock"/>, hosted by /user/node/clock and corrected by
    /// /user/node/timesync; null when the caller of RokoNode.Start passed its own clock (tests with a skewed clock).
    /// </summary>
    public NodeClock? NodeClock { get; init; }

    public TimeSyncSettings TimeSyncSettings { get; init; } = TimeSyncSettings.Default;

    /// <summary>
    /// The node's time-probe UDP socket (roko.timesync.wire), bound by RokoNode.Start before the node runs so its port can
    /// be announced in the handshake; /user/node/timewire serves it. Null: the node neither answers nor sends time probes.
    /// </summary>
    public Hardware.Net.TimestampedUdpSocket? TimeWire { get; init; }

    public Time.Wire.TimeWireSettings TimeWireSettings { get; init; } = Time.Wire.TimeWireSettings.Default;
    public Network.Overlay.IncarnationSettings IncarnationSettings { get; init; } = new(TimeSpan.FromSeconds(5));

    public ValidatorSettings ValidatorSettings { get; init; } = ValidatorSettings.Default;

    /// <summary>Source and synchronization of the node's clock: what the consensus gate and status reports read.</summary>
    public NodeClockStatus ClockStatus()
    {
        if (NodeClock is { } own) return own.Status();
        var now = Clock.Now();
        return new NodeClockStatus(Clock.GetType().Name, false, now.IsBounded ? Hardware.Clocks.ClockStatus.Synchronized : Hardware.Clocks.ClockStatus.Unsynchronized,
            now.HalfWidthNanos, false, 0);
    }

    /// <summary>Why this validator must not propose or vote now (see <see cref="TimeCardGate"/>), or null.</summary>
    public string? ParticipationRefusal() => TimeCardGate.Refusal(ValidatorSettings.RequireTimeCard, ClockStatus());

    /// <summary>How /user/node supervises its children (<c>roko.supervision</c>); RokoNode sets it from the node's config.</summary>
    public Supervision.SupervisionSettings SupervisionSettings { get; init; } = Supervision.SupervisionSettings.Create(RokoConfig.Defaults);

    /// <summary>Block sync (<c>roko.sync</c>); RokoNode sets it from the node's config, others get the defaults.</summary>
    public SyncSettings SyncSettings { get; init; } = SyncSettings.Create(RokoConfig.Defaults);

    public NodeIdentity Identity => new(NodeKey, Settings.Role.ToString().ToLowerInvariant(), Settings.OverlayRegion,
        Genesis.ChainId, Genesis.Hash, RokoConfig.Version) { TimeProbePort = (ushort)(TimeWire?.LocalEndPoint.Port ?? 0) };

    /// <summary>This node's instruments (one meter per node, tagged with its name) and their Prometheus text.</summary>
    public RokoMetrics Metrics { get; } = new(settings.Name);
    public PrometheusExposition Exposition => _exposition ??= new PrometheusExposition(Metrics.Meter);
    private PrometheusExposition? _exposition;

    /// <summary>
    /// The node's one guard over every way in (roko.network.ddos): peer sessions, block sync, ClusterClient services,
    /// pub-sub, the time-probe port and the HTTP API all admit through it, so a source's standing is the node's, not a session's.
    /// </summary>
    public NodeGuard Guard => _guard ??= new NodeGuard(OverlaySettings.Ddos, Clock, Metrics);
    private NodeGuard? _guard;

    public void Dispose()
    {
        _guard?.Dispose();
        SigningRecords?.Dispose();
        _exposition?.Dispose();
        Metrics.Dispose();
        TimeWire?.Dispose();
    }

    /// <summary>Set when the node stopped because it could not go on safely.</summary>
    public string? FatalError => _fatal;
    public void ReportFatal(string reason) => _fatal ??= reason;
}
