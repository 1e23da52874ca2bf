namespace Roko.Actors.Api;

// The JSON shapes of the HTTP API (camelCase, nulls left out; see ApiJsonContext). Moments are written as
// yyyy-MM-ddTHH:mm:ss.fffffffffZ and, where exactness matters, as decimal strings of Unix nanoseconds (JavaScript
// numbers cannot hold them); hashes, keys and signatures as lower-case hex.

/// <summary>Every 4xx/5xx body: <paramref name="Error"/> names the field (when there is one) and says why.</summary>
public sealed record ApiError(string Error, string? Field = null, string? Code = null);

/// <summary>GET /health. <paramref name="Stopped"/> names the node's components that stopped for good (the node is then not ready).</summary>
public sealed record HealthResponse(string Node, string Role, string Region, string ChainId, bool Ready, ulong? Height, string? Head,
    string[]? Stopped = null);

/// <summary>The node clock's bounded now: true UTC lies in [earliest, latest]; uncertainty is half the width.</summary>
public sealed record TimeResponse(string? Earliest, string? Latest, string? EarliestUnixNanos, string? LatestUnixNanos,
    bool Bounded, long? UncertaintyNanos, string? ClockStatus);

/// <summary>
/// POST /txs. <c>kind</c> is transfer (needs <c>to</c>, <c>amount</c>), stake (<c>amount</c>, <c>region</c>) or
/// unstake (<c>amount</c>); amounts as "10 ROKO"; <c>timestamp</c> the signing moment; <c>signature</c> 128 hex digits.
/// Unknown fields are refused (a misspelt field must not be silently ignored).
/// </summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record TransactionRequest(string? ChainId, string? Signer, string? Timestamp, string? Kind, string? To, string? Amount,
    string? Region, string? Signature);

public sealed record TransactionSubmitted(string Id, string Status);

public sealed record TransactionRefused(string Id, string Error, string Code, string Reason);

/// <summary>GET /txs/{id}: status pending | finalized (with height) | rejected (with code and reason).</summary>
public sealed record TransactionStatusResponse(string Id, string Status, ulong? Height = null, string? Code = null, string? Reason = null);

/// <summary>A committed block; <see cref="Source"/> says where the node read it: memory | archive (read model) | journal.</summary>
public sealed record BlockResponse(ulong Height, string Hash, string PreviousHash, string Cutoff, string BlockTime, string Proposer,
    string TransactionRoot, string StateRoot, int TransactionCount, string[] Transactions, uint CommitRound, int CommitSignatures, string Source);

/// <summary>
/// One peer. <see cref="LinkUp"/>: its pings are answered (a link that is down leaves the latency routes);
/// <see cref="Compression"/>: the codec of the frames we send it when they are compressed (none when it offered none of ours);
/// <see cref="Route"/>: our lowest-RTT route to it over the latency graph, which structured messages follow.
/// </summary>
public sealed record PeerResponse(string Id, string State, string? Region, string? Role, double? RttMs, bool Reachable, bool Active,
    string? Refusal, bool LinkUp, string Compression, RouteResponse? Route);

/// <summary>A latency route: the path from this node (first) to the peer (last), its next hop, and its summed smoothed RTT.</summary>
public sealed record RouteResponse(string[] Path, string NextHop, double CostMs);

public sealed record PeersResponse(int Count, int Established, PeerResponse[] Peers);

public sealed record AlertResponse(string Name, string Summary, string Severity, string Metric, string Phase, double? Value,
    string? ActiveSince, string? FiredAt);

public sealed record AlertsResponse(AlertResponse[] Alerts);

/// <summary>Akka.Management's member shape.</summary>
public sealed record ClusterMemberResponse(string Node, string NodeUid, string Status, string[] Roles);

public sealed record ClusterUnreachableResponse(string Node, string[] ObservedBy);

/// <summary>Akka.Management's GET /cluster/members shape.</summary>
public sealed record ClusterMembersResponse(string SelfNode, string? Leader, string? Oldest, ClusterUnreachableResponse[] Unreachable,
    ClusterMemberResponse[] Members);

/// <summary>Akka.Management's answer to member operations: <c>{"message": "Leaving akka.tcp://…"}</c>.</summary>
public sealed record ClusterMessageResponse(string Message);

/// <summary>GET /dashboard/data: the seeds' three categories of one node, polled by the dashboard every second.</summary>
public sealed record DashboardData(string Node, bool Ready, ulong? Height, DashboardNetwork Network, DashboardConsensus Consensus,
    DashboardTemporal Temporal, bool AlertsAvailable, AlertResponse[] Alerts);

/// <summary>Counters are totals since start; the page turns successive totals into message_rate and bandwidth_usage.</summary>
public sealed record DashboardNetwork(double? PeerCount, double MessagesTotal, double BandwidthBytesTotal, double? LatencyP50Seconds,
    double? LatencyP99Seconds);

public sealed record DashboardConsensus(double? BlockTimeSeconds, double? FinalityTimeSeconds, double? ValidatorParticipation,
    double? ForkCount, string[] MissingValidators);

public sealed record DashboardTemporal(double? TimeDriftSeconds, double? SyncAccuracySeconds, double? AttestationRate,
    long? UncertaintyNanos, string? ClockStatus);

/// <summary>POST /admin/wan/cut: the cluster addresses of the peers to cut off; absent or empty cuts every peer.</summary>
public sealed record WanCutRequest(string[]? Peers);

/// <summary>The links the emulated WAN has cut: every one (<paramref name="AllPeers"/>) or those to <paramref name="Peers"/>.</summary>
public sealed record WanCutResponse(bool AllPeers, string[] Peers);
