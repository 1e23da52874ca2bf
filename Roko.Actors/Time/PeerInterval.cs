namespace Roko.Actors.Time;

/// <summary>
/// A peer's vote in a sync round: true time minus our clock lies in [LowNanos, HighNanos]. <see cref="PointNanos"/> is
/// the peer's best single guess of that offset (its sample's θ, carried forward by the estimated frequency), used to
/// aim the clock inside the agreed interval; null when only the interval is known.
/// </summary>
public readonly record struct PeerInterval(string Peer, long LowNanos, long HighNanos)
{
    public long? PointNanos { get; init; }

    /// <summary>Half the interval's width: the root distance the point is weighted by.</summary>
    public long HalfWidthNanos => (HighNanos - LowNanos) / 2;
}
