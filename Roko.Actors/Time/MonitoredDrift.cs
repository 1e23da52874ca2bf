namespace Roko.Actors.Time;

/// <summary>
/// The drift a time card reports: it is not steered by its peers, so what it can show is how far its own clock lies
/// outside the offset interval a majority of them agree on — zero while it lies inside, however wide that interval is.
/// Only a card that disagrees with the network beyond the network's own uncertainty shows drift (and alerts).
/// </summary>
public static class MonitoredDrift
{
    /// <summary>
    /// How far network time is ahead of our clock (negative: our clock is ahead), given our clock's offset from the raw
    /// source (<paramref name="ownOffsetNanos"/>: value − raw) and the agreed interval of true time − raw.
    /// </summary>
    public static long Beyond(long ownOffsetNanos, long agreedLowNanos, long agreedHighNanos)
    {
        if (agreedLowNanos > agreedHighNanos)
            throw new ArgumentException($"the agreed interval [{agreedLowNanos}, {agreedHighNanos}] is empty", nameof(agreedLowNanos));
        if (ownOffsetNanos < agreedLowNanos) return agreedLowNanos - ownOffsetNanos;
        if (ownOffsetNanos > agreedHighNanos) return agreedHighNanos - ownOffsetNanos;
        return 0;
    }
}
