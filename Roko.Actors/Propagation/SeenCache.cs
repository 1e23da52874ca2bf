using Roko.Actors.Primitives;

namespace Roko.Actors.Propagation;

/// <summary>
/// Bounded set of message ids already delivered, O(1) per check; the oldest ids are forgotten first. This is what
/// makes delivery to the application exactly-once while a message is younger than the cache.
/// </summary>
public sealed class SeenCache(int capacity)
{
    private readonly HashSet<Hash32> _ids = new(capacity);
    private readonly Queue<Hash32> _order = new(capacity);

    public int Count => _ids.Count;
    public bool Contains(Hash32 id) => _ids.Contains(id);

    /// <summary>True the first time an id is seen (the caller delivers and forwards); false for duplicates.</summary>
    public bool TryAdd(Hash32 id)
    {
        if (!_ids.Add(id)) return false;
        _order.Enqueue(id);
        while (_order.Count > capacity) _ids.Remove(_order.Dequeue());
        return true;
    }
}
