using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// One round of time sync: Marzullo over the peers' offset intervals. A correction needs at least
/// <c>minSources</c> sources and an intersection agreed by a strict majority of them; sources whose interval does not
/// contain the agreed one are reported as falsetickers.
/// </summary>
public static class SyncRound
{
    public static SyncRoundResult Evaluate(IReadOnlyList<PeerInterval> peers, int minSources)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSources, 1);
        if (peers.Count < minSources)
            return new SyncRoundResult(SyncOutcome.TooFewSources, 0, 0, 0, peers.Count, []);

        var intervals = new (long Low, long High)[peers.Count];
        for (int i = 0; i < peers.Count; i++) intervals[i] = (peers[i].LowNanos, peers[i].HighNanos);
        var chosen = Marzullo.Intersect(intervals);
        var falsetickers = Marzullo.Falsetickers(intervals, chosen).Select(i => peers[i].Peer).ToArray();

        if (chosen.Agreeing * 2 <= peers.Count)
            return new SyncRoundResult(SyncOutcome.NoMajority, 0, 0, chosen.Agreeing, peers.Count, falsetickers);

        long width = chosen.High - chosen.Low;
        long offset = chosen.Low + width / 2;
        long uncertainty = width - width / 2;
        var survivors = peers.Where(p => p.LowNanos <= chosen.Low && p.HighNanos >= chosen.High);
        return new SyncRoundResult(SyncOutcome.Synchronized, offset, uncertainty, chosen.Agreeing, peers.Count, falsetickers)
        {
            CombinedOffsetNanos = OffsetCombination.Combine(survivors, chosen.Low, chosen.High),
        };
    }

    /// <summary>
    /// Each peer's best sample (the narrowest interval now) turned into an interval at <paramref name="localNow"/>, with its θ as the point, carried
    /// forward from the sample's midpoint by <paramref name="frequencyPpb"/> (how fast true time gains on our clock) when
    /// that is known; stale or empty peers are skipped.
    /// </summary>
    public static IReadOnlyList<PeerInterval> IntervalsFrom(IReadOnlyDictionary<string, PeerSampleFilter> filters,
        NanoMoment localNow, TimeSyncSettings settings, double? frequencyPpb = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(settings);
        var result = new List<PeerInterval>(filters.Count);
        foreach (var (peer, filter) in filters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (filter.BestAt(localNow, settings.MaxDriftPpm) is not { } best || best.AgeNanos(localNow) > settings.MaxSampleAgeNanos) continue;
            var (low, high) = best.OffsetInterval(localNow, settings.MaxDriftPpm);
            result.Add(new PeerInterval(peer, low, high) { PointNanos = best.OffsetAt(localNow, frequencyPpb) });
        }
        return result;
    }
}
