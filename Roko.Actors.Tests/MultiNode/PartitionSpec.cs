using Akka.Cluster;
using Roko.Actors.Network;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class PartitionSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_two_way_partition_should_make_each_side_unreachable_to_the_other_and_heal_when_unthrottled()
    {
        var na1 = await _harness.StartAsync("na-1", Region.NorthAmerica);
        var na2 = await _harness.StartAsync("na-2", Region.NorthAmerica);
        var eu1 = await _harness.StartAsync("eu-1", Region.Europe);
        var eu2 = await _harness.StartAsync("eu-2", Region.Europe);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(10));
        ClusterNode[] west = [na1, na2], east = [eu1, eu2];

        foreach (var a in west)
            foreach (var b in east)
                await ClusterHarness.BlackholeAsync(a, b);

        var split = await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var (side, other) in new[] { (west, east), (east, west) })
                foreach (var node in side)
                {
                    var unreachable = node.Cluster.State.Unreachable.Select(m => m.Address).ToHashSet();
                    Assert.All(other, o => Assert.Contains(o.Address, unreachable));
                    Assert.All(side, s => Assert.DoesNotContain(s.Address, unreachable));
                    var peers = await node.PeerListAsync();
                    Assert.All(other, o => Assert.False(peers.Single(p => p.Id == o.PeerId).Reachable));
                }
        }, TimeSpan.FromSeconds(20));
        output.WriteLine($"both sides unreachable to each other {split.TotalMilliseconds:F0} ms after blackholing");

        foreach (var a in west)
            foreach (var b in east)
                await ClusterHarness.HealAsync(a, b);

        var healed = await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var node in _harness.Nodes)
            {
                Assert.Empty(node.Cluster.State.Unreachable);
                Assert.Equal(4, node.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up));
                Assert.All(await node.PeerListAsync(), p => Assert.True(p.Reachable));
            }
        }, TimeSpan.FromSeconds(20));
        output.WriteLine($"healed {healed.TotalMilliseconds:F0} ms after unthrottling");
    }

    [Fact]
    public async Task A_node_stopped_abruptly_should_become_unreachable_to_the_others_without_leaving()
    {
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica);
        var eu = await _harness.StartAsync("eu-1", Region.Europe);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(10));

        await _harness.StopAbruptlyAsync(apac);

        var seen = await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var node in new[] { na, eu })
            {
                var member = Assert.Single(node.Cluster.State.Unreachable, m => m.Address == apac.Address);
                Assert.Equal(MemberStatus.Up, member.Status);
                Assert.False((await node.PeerListAsync()).Single(p => p.Id == apac.PeerId).Reachable);
            }
        }, TimeSpan.FromSeconds(15));
        output.WriteLine($"unreachable {seen.TotalMilliseconds:F0} ms after the abrupt stop");
    }
}
