namespace Roko.Actors.Devnet;

/// <summary>
/// What the live view shows at one moment: the network's figures and each node's. Built by <see cref="DevnetMonitor"/>
/// about once a second and drawn by <see cref="DevnetLiveView"/>, which depends on nothing else.
/// </summary>
public sealed record DevnetSnapshot(
    string ChainId,
    TimeSpan Elapsed,
    ulong StartHeight,
    ulong FinalizedHeight,
    double FinalityP50Ms,
    double FinalityP99Ms,
    double TxPerSecond,
    double TxRateTarget,
    int TxSubmitted,
    int TxFinalized,
    int TxRejected,
    int TxPending,
    int Forks,
    bool Wan,
    IReadOnlyList<DevnetNodeView> Nodes,
    IReadOnlyList<DevnetAlertView> Alerts,
    string DataDir,
    string? LogFile);

/// <summary>
/// One node in the live view. <paramref name="Height"/>: a validator's committed height, an archive's indexed height;
/// null when the node did not answer in time. <paramref name="ClockUncertaintyNanos"/>: the half-width of its clock
/// interval, null while unbounded.
/// </summary>
public sealed record DevnetNodeView(
    string Name,
    string Role,
    string Region,
    ulong? Height,
    int? Peers,
    long? ClockUncertaintyNanos,
    Uri? Http);

/// <summary>An alert pending or firing on <paramref name="Node"/>.</summary>
public sealed record DevnetAlertView(string Node, string Rule, string Severity, string Phase, string Summary);
