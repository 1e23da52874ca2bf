using Roko.Actors.Primitives;

namespace Roko.Actors.Network;

/// <summary>Median and 99th percentile of peers' smoothed RTTs (nearest rank), for the latency metrics.</summary>
public sealed record PeerLatencySummary(long P50Nanos, long P99Nanos)
{
    private const double Median = 0.50;
    private const double NinetyNinth = 0.99;

    /// <summary>Null when no peer has been measured yet.</summary>
    public static PeerLatencySummary? Of(IEnumerable<long> rttNanos)
    {
        ArgumentNullException.ThrowIfNull(rttNanos);
        var ascending = rttNanos.Order().ToArray();
        return ascending.Length == 0 ? null : new PeerLatencySummary(NearestRank.Of(ascending, Median), NearestRank.Of(ascending, NinetyNinth));
    }
}
