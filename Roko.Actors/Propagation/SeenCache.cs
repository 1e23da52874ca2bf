using Roko.Actors.Primitives;

namespace Roko.Actors.Propagation;

/// <summary>
/// Bounded set of message ids already delivered, O(1) per check; the oldest ids are forgotten first. This is what
/// makes delivery to the application exactly-once while a message is younger than the cache. Each id carries the
/// propagator's delivery sequence number of its latest delivery, so a subscriber that subscribed after it can still be
/// handed the message once when it arrives again.
/// </summary>
public sealed class SeenCache(int capacity)
{
    private readonly Dictionary<Hash32, long> _ids = new(capacity);
    private readonly Queue<Hash32> _order = new(capacity);

    public int Count => _ids.Count;
    public bool Contains(Hash32 id) => _ids.ContainsKey(id);

    /// <summary>True the first time an id is seen (the caller delivers and forwards); false for duplicates.</summary>
    /// <param name="deliveredAt">The delivery sequence number recorded with a new id.</param>
    public bool TryAdd(Hash32 id, long deliveredAt = 0)
    {
        if (!_ids.TryAdd(id, deliveredAt)) return false;
        _order.Enqueue(id);
        while (_order.Count > capacity) _ids.Remove(_order.Dequeue());
        return true;
    }

    /// <summary>The sequence number of the id's latest delivery (0 for an id not held).</summary>
    public long DeliveredAt(Hash32 id) => _ids.GetValueOrDefault(id);

    /// <summary>Records a later delivery of a held id (to subscribers that missed the first one); its age is unchanged.</summary>
    public void Redelivered(Hash32 id, long deliveredAt)
    {
        if (_ids.ContainsKey(id)) _ids[id] = deliveredAt;
    }
}
