using Akka.Actor;
using Akka.Cluster;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class ThreeRegionClusterSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Nodes_of_three_regions_should_form_one_cluster_and_see_each_others_regions()
    {
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica);
        var eu = await _harness.StartAsync("eu-1", Region.Europe);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific);
        var archive = await _harness.StartAsync("eu-archive", Region.Europe, role: "archive");

        var converged = await _harness.JoinAllAsync();
        var handshaken = await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"all Up after {converged.TotalMilliseconds:F0} ms, all sessions established {handshaken.TotalMilliseconds:F0} ms later");

        Assert.Equal(["region-na", "validator"], na.Cluster.SelfRoles.Order());
        Assert.Equal(["archive", "region-eu"], archive.Cluster.SelfRoles.Order());
        foreach (var node in _harness.Nodes)
        {
            var peers = await node.PeerListAsync();
            var others = _harness.Nodes.Where(o => o != node).ToList();
            Assert.Equal(others.Count, peers.Count);
            foreach (var other in others)
            {
                var peer = Assert.Single(peers, p => p.Id == other.PeerId);
                Assert.Equal(other.Region, peer.Region);
                Assert.Equal(other.Role, peer.Role);
                Assert.Equal(other.Key.PublicKey, peer.NodeKey);
            }
            output.WriteLine($"{node.Name} sees " + string.Join(", ", peers.Select(p => $"{p.Region?.ToText()}/{p.Role}")));
        }
        Assert.All(_harness.Nodes, n =>
            Assert.Equal(Region.Europe, ClusterConfig.RegionOf(n.Cluster.State.Members.Single(m => m.Address == eu.Address).Roles)));
    }

    [Fact]
    public async Task A_node_stopped_through_coordinated_shutdown_should_leave_the_cluster_gracefully()
    {
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica);
        var eu = await _harness.StartAsync("eu-1", Region.Europe);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific);
        await _harness.JoinAllAsync();
        var seenUnreachable = new TaskCompletionSource();
        na.Cluster.Subscribe(na.System.ActorOf(Props.Create(() => new UnreachableWatcher(seenUnreachable))),
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await CoordinatedShutdown.Get(apac.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        apac.Stopped = true;

        await Eventually.AwaitAssertAsync(() =>
        {
            foreach (var node in new[] { na, eu })
                Assert.DoesNotContain(node.Cluster.State.Members, m => m.Address == apac.Address);
        }, TimeSpan.FromSeconds(15));
        output.WriteLine($"removed after {watch.ElapsedMilliseconds} ms");
        Assert.True(apac.System.WhenTerminated.IsCompleted);
        Assert.False(seenUnreachable.Task.IsCompleted, "a graceful leave must not be seen as unreachable");
        await Eventually.AwaitAssertAsync(async () =>
            Assert.DoesNotContain(await na.PeerListAsync(), p => p.Id == apac.PeerId), TimeSpan.FromSeconds(5));
    }

    private sealed class UnreachableWatcher : ReceiveActor
    {
        public UnreachableWatcher(TaskCompletionSource seen) => Receive<ClusterEvent.UnreachableMember>(_ => seen.TrySetResult());
    }
}
