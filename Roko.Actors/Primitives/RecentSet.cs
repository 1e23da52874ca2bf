namespace Roko.Actors.Primitives;

/// <summary>
/// A bounded set of the most recently added members, safe to share between threads: at most <c>capacity</c>
/// members in two generations; when the newer generation fills, the older one is forgotten. Used to remember what
/// this node has already verified, so identical input is not verified twice.
/// </summary>
public sealed class RecentSet<T> where T : IEquatable<T>
{
    private readonly int _generationSize;
    private readonly object _gate = new();
    private HashSet<T> _current;
    private HashSet<T> _previous;

    public RecentSet(int capacity)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a recent set holds at least 2 members");
        _generationSize = capacity / 2;
        _current = new HashSet<T>(_generationSize);
        _previous = new HashSet<T>(_generationSize);
    }

    public int Count
    {
        get { lock (_gate) return _current.Count + _previous.Count; }
    }

    public bool Contains(T member)
    {
        lock (_gate) return _current.Contains(member) || _previous.Contains(member);
    }

    public void Add(T member)
    {
        lock (_gate)
        {
            if (_current.Contains(member) || _previous.Contains(member)) return;
            if (_current.Count >= _generationSize)
            {
                (_previous, _current) = (_current, _previous);
                _current.Clear();
            }
            _current.Add(member);
        }
    }
}
