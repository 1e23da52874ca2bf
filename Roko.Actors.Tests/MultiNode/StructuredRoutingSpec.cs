using System.Collections.Immutable;
using Akka.Actor;
using System.Text;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Propagation;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Structured delivery along the latency routes, over real TCP with the emulated WAN: four nodes where the direct
/// NA–APAC link is slow (one way NA–APAC 150 ms, NA–EU and EU–APAC 40 ms, intra-region 5 ms). A transaction addressed to
/// the APAC node travels NA → EU → APAC; when the NA–EU link is cut it goes NA → NA → EU → APAC; healed, it is back on
/// NA → EU → APAC. The relays pass it on without delivering it; nodes off the route never see it.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class StructuredRoutingSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Hocon = """
        roko.network.wan { enabled = on, jitter = 1ms, seed = 23, na-eu = 40ms, eu-apac = 40ms, na-apac = 150ms }
        roko.network.routes { share-interval = 500ms, link-down-after = 1s }
        roko.propagation.peer-refresh = 250ms
        """;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_transaction_for_a_proposer_should_take_the_lowest_rtt_route_and_detour_around_a_slow_and_a_cut_link()
    {
        using var metrics = new RokoMetrics("na-1");
        using var exposition = new PrometheusExposition(metrics.Meter);
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: Hocon, withPropagator: true, metrics: metrics);
        var na2 = await _harness.StartAsync("na-2", Region.NorthAmerica, hocon: Hocon, withPropagator: true);
        var eu = await _harness.StartAsync("eu-1", Region.Europe, hocon: Hocon, withPropagator: true);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific, hocon: Hocon, withPropagator: true);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(15));

        // Slow link: the direct NA–APAC round trip (~300 ms) loses to NA–EU–APAC (~160 ms), which na-1 learns from eu-1's table.
        await AwaitRouteAsync(na, apac, [na, eu, apac]);
        var first = await SendAsync(na, apac, "over the slow link");
        AssertTravelled(first, [na, eu, apac], offRoute: na2);

        // Cut NA–EU (both ends): once the link is down (no pong for link-down-after) the route detours through na-2.
        await na.Peers.Ask<CurrentWanCut>(new CutWanLinks([eu.Address.ToString()]), TimeSpan.FromSeconds(5));
        await eu.Peers.Ask<CurrentWanCut>(new CutWanLinks([na.Address.ToString()]), TimeSpan.FromSeconds(5));
        await AwaitRouteAsync(na, apac, [na, na2, eu, apac]);
        await AwaitRouteAsync(na2, apac, [na2, eu, apac]);
        var second = await SendAsync(na, apac, "around the cut link");
        AssertTravelled(second, [na, na2, eu, apac], offRoute: null);

        // Healed: pongs come back, the link is up and the route returns to it.
        await na.Peers.Ask<CurrentWanCut>(HealWanLinks.Instance, TimeSpan.FromSeconds(5));
        await eu.Peers.Ask<CurrentWanCut>(HealWanLinks.Instance, TimeSpan.FromSeconds(5));
        await AwaitRouteAsync(na, apac, [na, eu, apac]);
        var third = await SendAsync(na, apac, "after the heal");
        AssertTravelled(third, [na, eu, apac], offRoute: na2);

        string text = exposition.Render();
        output.WriteLine(string.Join('\n', text.Split('\n').Where(l => l.StartsWith("roko_routed_destinations_total", StringComparison.Ordinal))));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("roko_routed_destinations_total", StringComparison.Ordinal)
                                               && l.Contains("outcome=\"relayed\"", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
    }

    private async Task AwaitRouteAsync(ClusterNode from, ClusterNode to, ClusterNode[] path)
    {
        Route? route = null;
        var took = await Eventually.AwaitAssertAsync(async () =>
        {
            route = await from.RouteToAsync(to);
            Assert.NotNull(route);
            Assert.Equal(path.Select(n => n.PeerId), route.Path);
        }, Generous);
        output.WriteLine($"{from.Name} -> {to.Name} after {took.TotalSeconds:F1} s: {string.Join(" -> ", path.Select(n => n.Name))} " +
                         $"({route!.CostNanos / 1e6:F0} ms)");
    }

    /// <summary>na-1 originates a transaction addressed to the APAC node's key; waits until the APAC node has it.</summary>
    private async Task<byte[]> SendAsync(ClusterNode origin, ClusterNode destination, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        origin.Propagator.Tell(new Propagate(MessageKind.Transaction, payload, Destinations: ImmutableArray.Create(destination.Key.PublicKey)));
        await Eventually.AwaitAssertAsync(() => Assert.Contains(destination.Inbox.Received, r => r.Envelope.Payload.SequenceEqual(payload)), Generous);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // copies on other paths, if any, would show up here
        return payload;
    }

    /// <summary>Each hop of <paramref name="path"/> got it once, from the hop before, still addressed to the destination.</summary>
    private void AssertTravelled(byte[] payload, ClusterNode[] path, ClusterNode? offRoute)
    {
        var destination = path[^1];
        for (int i = 1; i < path.Length; i++)
        {
            var copies = path[i].Inbox.Received.Where(r => r.Envelope.Payload.SequenceEqual(payload)).ToList();
            var copy = Assert.Single(copies);
            Assert.Equal(path[i - 1].PeerId, copy.From);
            Assert.Equal([destination.Key.PublicKey], copy.Route!.Destinations.ToArray());
            output.WriteLine($"  {path[i].Name} got it from {path[i - 1].Name}, {copy.Route.HopsLeft} hop(s) left");
        }
        if (offRoute is not null) Assert.DoesNotContain(offRoute.Inbox.Received, r => r.Envelope.Payload.SequenceEqual(payload));
    }
}
