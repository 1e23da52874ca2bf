using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Four nodes with WAN emulation where the direct NA–APAC path is slower than going through Europe
/// (one way: NA–APAC 150 ms, NA–EU 40 ms, EU–APAC 40 ms), so the best route from NA to APAC uses the EU–APAC link,
/// which only the RTT tables shared by the other nodes can tell the NA node about.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class SharedRttRoutesSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Hocon = """
        roko.network.wan { enabled = on, jitter = 1ms, seed = 11, na-eu = 40ms, eu-apac = 40ms, na-apac = 150ms }
        roko.network.routes.share-interval = 1s
        """;
    /// <summary>2 x 150 ms one way, less a little for the jitter.</summary>
    private const long DirectNaApacMinimumNanos = 295_000_000;

    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_node_should_route_through_links_it_learned_from_shared_rtt_tables_and_forget_a_node_that_leaves()
    {
        using var metrics = new RokoMetrics("na-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        var a = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: Hocon, metrics: metrics);
        var b = await _harness.StartAsync("na-2", Region.NorthAmerica, hocon: Hocon);
        var c = await _harness.StartAsync("eu-1", Region.Europe, hocon: Hocon);
        var d = await _harness.StartAsync("apac-1", Region.AsiaPacific, hocon: Hocon);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(15));

        Route? route = null;
        var took = await Eventually.AwaitAssertAsync(async () =>
        {
            route = await a.RouteToAsync(d);
            Assert.NotNull(route);
            Assert.Equal([a.PeerId, c.PeerId, d.PeerId], route.Path);
        }, TimeSpan.FromSeconds(15));
        output.WriteLine($"route after {took.TotalSeconds:F1} s: {route}");

        var direct = (await a.PeersByLatencyAsync()).Single(p => p.Id == d.PeerId);
        output.WriteLine($"direct na-1 -> apac-1 smoothed {direct.RttSmoothedNanos / 1e6:F1} ms, detour {route!.CostNanos / 1e6:F1} ms");
        Assert.InRange(direct.RttMinimumNanos!.Value, DirectNaApacMinimumNanos, long.MaxValue);
        Assert.InRange(route.CostNanos, 1, direct.RttSmoothedNanos!.Value - 1);
        // na-1 measures only links that start at itself: eu-1 -> apac-1 came from a shared table.
        Assert.Equal([a.PeerId, b.PeerId], (await a.RouteToAsync(b))!.Path);

        var snapshot = metrics.Snapshot();
        Assert.Equal(3, snapshot[SeedMetric.PeerCount]);
        Assert.NotNull(snapshot[SeedMetric.LatencyP50]);
        // The route can be learned from the others' tables before na-1's own first share (every share-interval) goes out.
        await Eventually.AwaitAssertAsync(() =>
        {
            string text = exposition.Render();
            Assert.Contains("roko_messages_total{direction=\"out\",node=\"na-1\"}", text, StringComparison.Ordinal);
            Assert.Contains("roko_bandwidth_bytes_total{direction=\"in\",node=\"na-1\"}", text, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15));

        await c.Cluster.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(15));
        c.Stopped = true;
        await Eventually.AwaitAssertAsync(async () =>
        {
            route = await a.RouteToAsync(d);
            Assert.NotNull(route);
            Assert.Equal([a.PeerId, d.PeerId], route.Path);
        }, TimeSpan.FromSeconds(15));
        output.WriteLine($"after eu-1 left: {route}");
    }
}
