namespace Roko.Actors.Network;

/// <summary>A link's RTT before and after an update; <see cref="Previous"/> is null for a new link.</summary>
public sealed record LinkUpdate(PeerId A, PeerId B, long? Previous, long Current);

/// <summary>
/// RTT graph of the overlay. Links are undirected: an RTT is a round trip, so it is the same measured from either
/// end, and the latest report from either end wins. Our own measurements are the only source for links touching
/// us; a peer's shared table can only set links touching that peer, so no node can rewrite links of others.
/// Shortest paths by Dijkstra over summed RTT, ties broken by fewer hops, then by id.
/// </summary>
public sealed class LatencyGraph(PeerId self)
{
    private readonly Dictionary<PeerId, Dictionary<PeerId, long>> _links = new();

    public PeerId Self { get; } = self;
    public int NodeCount => _links.Count;
    public IEnumerable<PeerId> Nodes => _links.Keys;

    public long? LinkRtt(PeerId a, PeerId b) =>
        _links.TryGetValue(a, out var neighbours) && neighbours.TryGetValue(b, out var rtt) ? rtt : null;

    public IReadOnlyDictionary<PeerId, long> NeighboursOf(PeerId node) =>
        _links.TryGetValue(node, out var neighbours) ? neighbours : new Dictionary<PeerId, long>();

    /// <summary>
    /// Records <paramref name="reporter"/>'s RTT to <paramref name="target"/>. Returns null, changing nothing,
    /// for a non-positive RTT, a self-loop, or a peer's report about a link touching us.
    /// </summary>
    public LinkUpdate? SetLink(PeerId reporter, PeerId target, long rttNanos)
    {
        if (rttNanos <= 0 || reporter == target) return null;
        if (reporter != Self && target == Self) return null;
        long? previous = LinkRtt(reporter, target);
        Neighbours(reporter)[target] = rttNanos;
        Neighbours(target)[reporter] = rttNanos;
        return new LinkUpdate(reporter, target, previous, rttNanos);
    }

    /// <summary>Removes the link between <paramref name="a"/> and <paramref name="b"/>; returns false when there was none.</summary>
    public bool RemoveLink(PeerId a, PeerId b)
    {
        if (!_links.TryGetValue(a, out var fromA) || !fromA.Remove(b)) return false;
        _links[b].Remove(a);
        return true;
    }

    /// <summary>Removes a node and all its links; returns false when it was not in the graph.</summary>
    public bool RemoveNode(PeerId node)
    {
        if (!_links.Remove(node, out var neighbours)) return false;
        foreach (var neighbour in neighbours.Keys)
            _links[neighbour].Remove(node);
        return true;
    }

    /// <summary>The lowest-RTT path, or null when <paramref name="to"/> is unreachable from <paramref name="from"/>.</summary>
    public Route? ShortestPath(PeerId from, PeerId to)
    {
        if (from == to) return _links.ContainsKey(from) || from == Self ? new Route([from], 0) : null;
        if (!_links.ContainsKey(from) || !_links.ContainsKey(to)) return null;

        var best = new Dictionary<PeerId, (long Cost, int Hops, PeerId? Previous)> { [from] = (0, 0, null) };
        var settled = new HashSet<PeerId>();
        var frontier = new PriorityQueue<PeerId, (long Cost, int Hops, PeerId Id)>(FrontierOrder.Instance);
        frontier.Enqueue(from, (0, 0, from));

        while (frontier.TryDequeue(out var node, out var reached))
        {
            if (!settled.Add(node)) continue;
            if (node == to) return Unwind(best, to, reached.Cost);
            foreach (var (neighbour, rtt) in _links[node])
            {
                if (settled.Contains(neighbour)) continue;
                long cost = reached.Cost + rtt;
                int hops = reached.Hops + 1;
                if (best.TryGetValue(neighbour, out var known) && (known.Cost, known.Hops).CompareTo((cost, hops)) <= 0)
                    continue;
                best[neighbour] = (cost, hops, node);
                frontier.Enqueue(neighbour, (cost, hops, neighbour));
            }
        }
        return null;
    }

    private Dictionary<PeerId, long> Neighbours(PeerId node)
    {
        if (!_links.TryGetValue(node, out var neighbours))
            _links[node] = neighbours = new Dictionary<PeerId, long>();
        return neighbours;
    }

    private static Route Unwind(Dictionary<PeerId, (long Cost, int Hops, PeerId? Previous)> best, PeerId to, long cost)
    {
        var path = new List<PeerId>();
        for (PeerId? node = to; node is { } current; node = best[current].Previous)
            path.Add(current);
        path.Reverse();
        return new Route(path, cost);
    }

    private sealed class FrontierOrder : IComparer<(long Cost, int Hops, PeerId Id)>
    {
        public static FrontierOrder Instance { get; } = new();

        public int Compare((long Cost, int Hops, PeerId Id) x, (long Cost, int Hops, PeerId Id) y)
        {
            int byCost = x.Cost.CompareTo(y.Cost);
            if (byCost != 0) return byCost;
            int byHops = x.Hops.CompareTo(y.Hops);
            return byHops != 0 ? byHops : x.Id.CompareTo(y.Id);
        }
    }
}
