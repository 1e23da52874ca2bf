using System.Collections.Immutable;
using Roko.Actors.Wire;

namespace Roko.Actors.Monitoring;

/// <summary>One node's established peers in one region and their median smoothed round trip (null until measured).</summary>
public sealed record RegionPeers(string Region, int Peers, long? MedianRttNanos) : IWireMessage;

/// <summary>
/// What one node tells the NetworkHealth singleton every <c>roko.health.report-interval</c>: its committed height,
/// its peers per region with their round trips (its own row of the overlay's RTT table), the participation of the
/// latest commit with the validators it lacked, and its clock's drift magnitude (seconds; null until measured).
/// </summary>
public sealed record NodeHealthSnapshot(
    string Node,
    string Region,
    string Role,
    ulong Height,
    ImmutableArray<RegionPeers> PeersByRegion,
    double? Participation,
    ImmutableArray<string> MissingValidators,
    double? TimeDriftSeconds) : IWireMessage;
