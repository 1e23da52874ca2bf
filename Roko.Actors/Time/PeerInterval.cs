namespace Roko.Actors.Time;

/// <summary>A peer's vote in a sync round: true time minus our clock lies in [LowNanos, HighNanos].</summary>
public readonly record struct PeerInterval(string Peer, long LowNanos, long HighNanos);
