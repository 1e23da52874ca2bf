namespace Roko.Actors.Network;

/// <summary>
/// The route-finding entry point: owns a <see cref="LatencyGraph"/> and keeps a bounded LRU cache of shortest
/// routes. All graph changes go through it so it can invalidate exactly what a change may affect:
/// <list type="bullet">
/// <item>a link whose RTT moved by less than <see cref="RouteSettings.MaterialChange"/> (relative to the value the
/// cached routes were computed with) invalidates nothing;</item>
/// <item>a material increase invalidates the routes that use the link;</item>
/// <item>a new link or a material decrease to <c>w</c> also invalidates every route costing more than <c>w</c>,
/// since only those could become shorter through it;</item>
/// <item>a link going down, or a node leaving, invalidates only the routes that use it.</item>
/// </list>
/// </summary>
public sealed class RouteCache(LatencyGraph graph, RouteSettings settings)
{
    private readonly Dictionary<(PeerId From, PeerId To), LinkedListNode<Route>> _entries = new();
    private readonly LinkedList<Route> _byRecency = new();
    private readonly Dictionary<(PeerId, PeerId), long> _baselines = new();

    public LatencyGraph Graph { get; } = graph;
    public int Count => _entries.Count;
    public long Hits { get; private set; }
    public long Misses { get; private set; }
    public long Invalidations { get; private set; }

    /// <summary>The shortest route, from the cache when possible; null when unreachable (not cached).</summary>
    public Route? Find(PeerId from, PeerId to)
    {
        if (_entries.TryGetValue((from, to), out var node))
        {
            Hits++;
            _byRecency.Remove(node);
            _byRecency.AddFirst(node);
            return node.Value;
        }
        Misses++;
        var route = Graph.ShortestPath(from, to);
        if (route is not null) Add(route);
        return route;
    }

    /// <summary>Records one RTT (our measurement or a line of a peer's shared table); null when refused.</summary>
    public LinkUpdate? ReportLink(PeerId reporter, PeerId target, long rttNanos)
    {
        var update = Graph.SetLink(reporter, target, rttNanos);
        if (update is not null) OnLinkChanged(update);
        return update;
    }

    /// <summary>
    /// Applies a peer's shared RTT table, which is its whole current view: its links missing from the table (down, or to
    /// a peer it no longer has) leave the graph, except links touching us, which only our own measurements set. Returns
    /// how many lines were accepted.
    /// </summary>
    public int ApplyRttTable(PeerId reporter, IReadOnlyDictionary<PeerId, long> rttNanosByPeer)
    {
        ArgumentNullException.ThrowIfNull(rttNanosByPeer);
        foreach (var dropped in Graph.NeighboursOf(reporter).Keys.Where(n => n != Graph.Self && !rttNanosByPeer.ContainsKey(n)).ToList())
            RemoveLink(reporter, dropped);
        return rttNanosByPeer.Count(line => ReportLink(reporter, line.Key, line.Value) is not null);
    }

    /// <summary>A link that went down (no pong for a while) leaves the graph; the routes over it are recomputed.</summary>
    public bool RemoveLink(PeerId a, PeerId b)
    {
        if (!Graph.RemoveLink(a, b)) return false;
        _baselines.Remove(LinkKey(a, b));
        InvalidateWhere(route => route.UsesLink(a, b));
        return true;
    }

    public void RemoveNode(PeerId node)
    {
        foreach (var neighbour in Graph.NeighboursOf(node).Keys.ToList())
            _baselines.Remove(LinkKey(node, neighbour));
        Graph.RemoveNode(node);
        InvalidateWhere(route => route.Touches(node));
    }

    private void OnLinkChanged(LinkUpdate update)
    {
        var key = LinkKey(update.A, update.B);
        bool known = _baselines.TryGetValue(key, out long baseline);
        if (known && Math.Abs(update.Current - baseline) < settings.MaterialChange * baseline) return;

        _baselines[key] = update.Current;
        bool couldShorten = !known || update.Current < baseline;
        InvalidateWhere(route =>
            route.UsesLink(update.A, update.B) || (couldShorten && route.CostNanos > update.Current));
    }

    private void InvalidateWhere(Func<Route, bool> affected)
    {
        foreach (var route in _byRecency.Where(affected).ToList())
        {
            _byRecency.Remove(_entries[(route.Source, route.Destination)]);
            _entries.Remove((route.Source, route.Destination));
            Invalidations++;
        }
    }

    private void Add(Route route)
    {
        if (_entries.Count >= settings.CacheCapacity)
        {
            var eldest = _byRecency.Last!;
            _entries.Remove((eldest.Value.Source, eldest.Value.Destination));
            _byRecency.RemoveLast();
        }
        _entries[(route.Source, route.Destination)] = _byRecency.AddFirst(route);
    }

    private static (PeerId, PeerId) LinkKey(PeerId a, PeerId b) => a.CompareTo(b) <= 0 ? (a, b) : (b, a);
}
