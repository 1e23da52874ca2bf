using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Mempool;

/// <summary>
/// The transactions the mempool router has reserved and sent to a shard for verification whose verdict has not come
/// back, by signing time. A proposer's slice must not seal a time span such a transaction falls in: it would reach the
/// pool a moment later and be dropped as Stale although this node had accepted it. Pure; the router owns it.
/// </summary>
public sealed class AdmissionsInFlight
{
    private readonly Dictionary<Hash32, NanoMoment> _byId = [];
    private readonly SortedSet<(NanoMoment Timestamp, Hash32 Id)> _byTime = [];

    public int Count => _byId.Count;

    /// <summary>The signing time of the earliest transaction still being verified; null when none is.</summary>
    public NanoMoment? Earliest => _byTime.Count > 0 ? _byTime.Min.Timestamp : null;

    public void Add(Hash32 id, NanoMoment timestamp)
    {
        if (!_byId.TryAdd(id, timestamp)) return;
        _byTime.Add((timestamp, id));
    }

    public void Remove(Hash32 id)
    {
        if (_byId.Remove(id, out var timestamp)) _byTime.Remove((timestamp, id));
    }

    /// <summary>
    /// The cutoff for a slice asked up to <paramref name="cutoff"/> after the tip's <paramref name="lastCutoff"/>: pulled
    /// back to just before the earliest transaction still being verified, so that one goes into a later block; never to
    /// or below <paramref name="lastCutoff"/> (a transaction signed that early is too late for any block).
    /// </summary>
    public NanoMoment SliceCutoff(NanoMoment cutoff, NanoMoment lastCutoff)
    {
        foreach (var (timestamp, _) in _byTime)
        {
            if (timestamp <= lastCutoff) continue; // too late whatever we do
            if (timestamp > cutoff) return cutoff;
            var before = timestamp.AddNanoseconds(-1);
            return before > lastCutoff ? before : lastCutoff.AddNanoseconds(1);
        }
        return cutoff;
    }
}
