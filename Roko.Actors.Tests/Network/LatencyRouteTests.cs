using Roko.Actors.Nodes;
using FsCheck.Xunit;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class LatencyRouteTests
{
    private static readonly PeerId S = new("self"), A = new("a"), B = new("b"), C = new("c"), D = new("d");
    private static readonly RouteSettings Settings = RouteSettings.Create(RokoConfig.Defaults);

    /// <summary>
    /// S-A 10, S-B 50, A-B 15, A-C 40, B-C 10, C-D 5, B-D 30. By hand: S→D is S,A,B,C,D = 40
    /// (S,A,B,D = 55; S,A,C,D = 55; S,B,C,D = 65); S→C is S,A,B,C = 35 (S,A,C = 50).
    /// </summary>
    private static RouteCache Diamond(RouteSettings? settings = null)
    {
        var routes = new RouteCache(new LatencyGraph(S), settings ?? Settings);
        routes.ReportLink(S, A, 10);
        routes.ReportLink(S, B, 50);
        routes.ApplyRttTable(A, new Dictionary<PeerId, long> { [B] = 15, [C] = 40 });
        routes.ApplyRttTable(B, new Dictionary<PeerId, long> { [A] = 15, [C] = 10, [D] = 30 });
        routes.ReportLink(D, C, 5);
        return routes;
    }

    [Fact]
    public void Dijkstra_should_find_the_hand_computed_shortest_paths_when_the_graph_is_small()
    {
        var graph = Diamond().Graph;

        Assert.Equal(new PeerId[] { S, A, B, C, D }, graph.ShortestPath(S, D)!.Path);
        Assert.Equal(40, graph.ShortestPath(S, D)!.CostNanos);
        Assert.Equal(new PeerId[] { S, A, B, C }, graph.ShortestPath(S, C)!.Path);
        Assert.Equal(35, graph.ShortestPath(S, C)!.CostNanos);
        Assert.Equal(new PeerId[] { D, C, B, A }, graph.ShortestPath(D, A)!.Path);
        Assert.Equal(A, graph.ShortestPath(S, D)!.NextHop);
    }

    [Fact]
    public void Dijkstra_should_return_no_route_when_the_destination_is_unreachable_or_unknown()
    {
        var graph = Diamond().Graph;
        graph.SetLink(new PeerId("x"), new PeerId("y"), 3);

        Assert.Null(graph.ShortestPath(S, new PeerId("y")));
        Assert.Null(graph.ShortestPath(S, new PeerId("nobody")));
    }

    [Fact]
    public void Graph_should_refuse_a_peer_report_when_it_touches_our_own_links_or_is_not_positive()
    {
        var graph = Diamond().Graph;

        Assert.Null(graph.SetLink(A, S, 1));
        Assert.Null(graph.SetLink(A, C, 0));
        Assert.Null(graph.SetLink(A, A, 7));
        Assert.Equal(10, graph.LinkRtt(S, A));
        Assert.Equal(40, graph.LinkRtt(C, A));
    }

    [Fact]
    public void Cache_should_answer_from_the_cache_when_asked_again()
    {
        var routes = Diamond();

        var first = routes.Find(S, D);
        var second = routes.Find(S, D);

        Assert.Same(first, second);
        Assert.Equal(1, routes.Hits);
        Assert.Equal(1, routes.Misses);
    }

    [Fact]
    public void Cache_should_keep_routes_when_a_link_changes_less_than_the_material_threshold()
    {
        var routes = Diamond();
        var cached = routes.Find(S, D);

        routes.ReportLink(B, C, 11);

        Assert.Same(cached, routes.Find(S, D));
        Assert.Equal(0, routes.Invalidations);
    }

    [Fact]
    public void Cache_should_recompute_routes_over_a_link_when_its_rtt_changes_materially()
    {
        var routes = Diamond();
        routes.Find(S, D);
        routes.Find(S, A);

        routes.ReportLink(B, C, 20);

        Assert.Equal(1, routes.Invalidations);
        Assert.Equal(50, routes.Find(S, D)!.CostNanos);
        routes.Find(S, A);
        Assert.Equal(1, routes.Hits);
    }

    [Fact]
    public void Cache_should_invalidate_when_small_changes_add_up_to_a_material_one()
    {
        var routes = Diamond();
        routes.Find(S, D);

        routes.ReportLink(B, C, 11);
        Assert.Equal(0, routes.Invalidations);
        routes.ReportLink(B, C, 12); // 9 % above the previous report, 20 % above what the route was computed with

        Assert.Equal(1, routes.Invalidations);
        Assert.Equal(42, routes.Find(S, D)!.CostNanos);
    }

    [Fact]
    public void Cache_should_invalidate_longer_routes_when_a_new_shortcut_appears()
    {
        var routes = Diamond();
        routes.Find(S, C);
        routes.Find(S, A);

        routes.ReportLink(S, C, 20);

        Assert.Equal(new PeerId[] { S, C }, routes.Find(S, C)!.Path);
        routes.Find(S, A);
        Assert.Equal(1, routes.Hits);
    }

    [Fact]
    public void Cache_should_drop_only_routes_touching_a_node_when_it_leaves()
    {
        var routes = Diamond();
        routes.Find(S, D);
        routes.Find(S, A);
        routes.Find(A, B);

        routes.RemoveNode(C);

        Assert.Equal(1, routes.Invalidations);
        Assert.Equal(2, routes.Count);
        Assert.Equal(new PeerId[] { S, A, B, D }, routes.Find(S, D)!.Path);
        Assert.Equal(55, routes.Find(S, D)!.CostNanos);
    }

    [Fact]
    public void Cache_should_route_around_a_link_that_went_down_and_back_over_it_when_it_is_measured_again()
    {
        var routes = Diamond();
        Assert.Equal(new PeerId[] { S, A, B, C, D }, routes.Find(S, D)!.Path);
        Assert.Equal(new PeerId[] { S, A }, routes.Find(S, A)!.Path);

        Assert.True(routes.RemoveLink(S, A));

        Assert.Equal(new PeerId[] { S, B, C, D }, routes.Find(S, D)!.Path);
        Assert.Equal(new PeerId[] { S, B, A }, routes.Find(S, A)!.Path);
        Assert.False(routes.RemoveLink(S, A));
        routes.ReportLink(S, A, 10);
        Assert.Equal(new PeerId[] { S, A, B, C, D }, routes.Find(S, D)!.Path);
    }

    [Fact]
    public void Shared_table_should_drop_the_reporters_links_it_no_longer_lists_but_never_ours()
    {
        var routes = Diamond();
        Assert.Equal(new PeerId[] { S, A, B, C, D }, routes.Find(S, D)!.Path);

        // B's table now lists only D (its links to A and C are down) and, as always, nothing about us.
        routes.ApplyRttTable(B, new Dictionary<PeerId, long> { [D] = 30 });

        Assert.Null(routes.Graph.LinkRtt(B, C));
        Assert.Null(routes.Graph.LinkRtt(A, B));
        Assert.Equal(50, routes.Graph.LinkRtt(S, B));
        Assert.Equal(40, routes.Graph.LinkRtt(A, C));
        Assert.Equal(new PeerId[] { S, A, C, D }, routes.Find(S, D)!.Path);
    }

    [Fact]
    public void Cache_should_evict_the_least_recently_used_route_when_full()
    {
        var routes = Diamond(Settings with { CacheCapacity = 2 });
        routes.Find(S, A);
        routes.Find(S, B);
        routes.Find(S, A);

        routes.Find(S, C);

        Assert.Equal(2, routes.Count);
        long misses = routes.Misses;
        routes.Find(S, A);
        Assert.Equal(misses, routes.Misses);
        routes.Find(S, B);
        Assert.Equal(misses + 1, routes.Misses);
    }

    [Property(MaxTest = 200)]
    public bool Dijkstra_should_never_cost_more_than_a_direct_link_and_match_exhaustive_search((byte From, byte To, ushort Rtt)[] links)
    {
        const int nodes = 6;
        var graph = new LatencyGraph(new PeerId("n0"));
        foreach (var (from, to, rtt) in links)
            graph.SetLink(new PeerId($"n{from % nodes}"), new PeerId($"n{to % nodes}"), rtt + 1L);

        var exhaustive = FloydWarshall(graph, nodes);
        for (int i = 0; i < nodes; i++)
        for (int j = 0; j < nodes; j++)
        {
            var (from, to) = (new PeerId($"n{i}"), new PeerId($"n{j}"));
            var route = graph.ShortestPath(from, to);
            if (i != j && (route?.CostNanos ?? long.MaxValue) != exhaustive[i, j]) return false;
            if (graph.LinkRtt(from, to) is { } direct && route!.CostNanos > direct) return false;
            if (route is not null && route.CostNanos != PathCost(graph, route)) return false;
        }
        return true;
    }

    private static long PathCost(LatencyGraph graph, Route route) =>
        route.Path.Zip(route.Path.Skip(1)).Sum(hop => graph.LinkRtt(hop.Item1, hop.Item2)!.Value);

    private static long[,] FloydWarshall(LatencyGraph graph, int nodes)
    {
        var dist = new long[nodes, nodes];
        for (int i = 0; i < nodes; i++)
        for (int j = 0; j < nodes; j++)
            dist[i, j] = graph.LinkRtt(new PeerId($"n{i}"), new PeerId($"n{j}")) ?? long.MaxValue;
        for (int k = 0; k < nodes; k++)
        for (int i = 0; i < nodes; i++)
        for (int j = 0; j < nodes; j++)
            if (dist[i, k] != long.MaxValue && dist[k, j] != long.MaxValue && dist[i, k] + dist[k, j] < dist[i, j])
                dist[i, j] = dist[i, k] + dist[k, j];
        return dist;
    }
}
