using System.Collections.Immutable;
using Roko.Actors.Wire;

namespace Roko.Actors.Monitoring;

/// <summary>Reporting nodes in one region and the peer links all nodes hold into it.</summary>
public sealed record RegionFigures(string Region, int Nodes, int PeerLinks) : IWireMessage;

/// <summary>The slowest link between two regions: a node of <paramref name="From"/> measured this median RTT to its peers in <paramref name="To"/>.</summary>
public sealed record RegionLink(string From, string To, long RttNanos, string ReportedBy) : IWireMessage;

/// <summary>
/// Network-level figures from the nodes' latest snapshots. <see cref="Participation"/> and
/// <see cref="MissingValidators"/> come from the lowest participation reported at the highest height (the latest
/// commit as its worst-informed node saw it); <see cref="LargestTimeDrift"/> names the node whose clock is furthest off.
/// </summary>
public sealed record NetworkHealthFigures(
    ImmutableArray<string> Nodes,
    ulong LowestHeight,
    ulong HighestHeight,
    double? Participation,
    ImmutableArray<string> MissingValidators,
    ImmutableArray<RegionFigures> Regions,
    RegionLink? SlowestRegionLink,
    double? LargestTimeDriftSeconds,
    string? LargestTimeDriftNode) : IWireMessage
{
    public static NetworkHealthFigures Empty { get; } = new([], 0, 0, null, [], [], null, null, null);

    public static NetworkHealthFigures Aggregate(IEnumerable<NodeHealthSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var all = snapshots.OrderBy(s => s.Node, StringComparer.Ordinal).ToList();
        if (all.Count == 0) return Empty;

        ulong highest = all.Max(s => s.Height);
        var latest = all.Where(s => s.Height == highest && s.Participation is not null)
            .OrderBy(s => s.Participation).FirstOrDefault();

        var regions = all.Select(s => s.Region)
            .Concat(all.SelectMany(s => s.PeersByRegion.Select(p => p.Region)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(r => new RegionFigures(r,
                all.Count(s => s.Region == r),
                all.Sum(s => s.PeersByRegion.Where(p => p.Region == r).Sum(p => p.Peers))))
            .ToImmutableArray();

        var slowest = all
            .SelectMany(s => s.PeersByRegion.Where(p => p.MedianRttNanos is not null && p.Region != s.Region)
                .Select(p => new RegionLink(s.Region, p.Region, p.MedianRttNanos!.Value, s.Node)))
            .OrderByDescending(l => l.RttNanos).ThenBy(l => l.ReportedBy, StringComparer.Ordinal).ThenBy(l => l.To, StringComparer.Ordinal)
            .FirstOrDefault();

        var drift = all.Where(s => s.TimeDriftSeconds is not null).OrderByDescending(s => s.TimeDriftSeconds).FirstOrDefault();

        return new NetworkHealthFigures(
            [.. all.Select(s => s.Node)],
            all.Min(s => s.Height),
            highest,
            latest?.Participation,
            latest?.MissingValidators ?? [],
            regions,
            slowest,
            drift?.TimeDriftSeconds,
            drift?.Node);
    }
}
