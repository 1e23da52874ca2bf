namespace Roko.Actors.Mempool;

/// <summary>
/// How late transactions reach this node, and how much earlier a proposer's slice must stop because of it. A
/// transaction is late by how long before an already sealed cutoff it was signed: one a peer forwarded that arrived
/// after its slice was sealed, or one this node held that a block sealed out because its proposer did not have it yet.
/// Both mean the network delivered it slower than inclusion-delay allows, so the next slices stop earlier by the
/// latest lateness seen within the window, plus a margin, never by more than the cap. Transactions the network delivers
/// late then go into a later block instead of being lost; once the lateness leaves the window, slices return to
/// inclusion-delay alone. Clients' own late submissions are not counted: they are refused at the door, and a client
/// must not steer the node's proposals. Pure; time is a monotonic count of nanoseconds passed in.
/// </summary>
public sealed class LateArrivals(long windowNanos, long marginNanos, long maxAllowanceNanos)
{
    // Observations by time, their lateness decreasing from the front: the front is the window's maximum once the
    // entries older than the window are dropped (a later, larger lateness makes every earlier smaller one irrelevant).
    private readonly LinkedList<(long At, long Late)> _maxima = new();

    /// <summary>A transaction arrived or was sealed out <paramref name="lateNanos"/> after its slice's cutoff (at most 0: ignored).</summary>
    public void Observe(long nowNanos, long lateNanos)
    {
        if (lateNanos <= 0) return;
        while (_maxima.Last is { } last && last.Value.Late <= lateNanos) _maxima.RemoveLast();
        _maxima.AddLast((nowNanos, lateNanos));
    }

    /// <summary>The latest lateness within the window before <paramref name="nowNanos"/>; 0 when none.</summary>
    public long LatestNanos(long nowNanos)
    {
        while (_maxima.First is { } first && first.Value.At < nowNanos - windowNanos) _maxima.RemoveFirst();
        return _maxima.First?.Value.Late ?? 0;
    }

    /// <summary>How much earlier than asked the next slice stops: 0 without late arrivals in the window, else their latest plus the margin, at most the cap.</summary>
    public long AllowanceNanos(long nowNanos) => LatestNanos(nowNanos) is var late and > 0 ? Math.Min(maxAllowanceNanos, late + marginNanos) : 0;
}
