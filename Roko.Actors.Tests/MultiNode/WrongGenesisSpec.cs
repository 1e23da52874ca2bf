using Akka.Actor;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class WrongGenesisSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task A_node_with_the_wrong_genesis_should_be_refused_reported_and_downed()
    {
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica);
        var eu = await _harness.StartAsync("eu-1", Region.Europe);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(10));
        var honest = new[] { na, eu, apac };
        var refusals = new EventCollector<PeerRefused>();
        var downings = new EventCollector<PeerDowned>();
        foreach (var node in honest)
        {
            node.System.EventStream.Subscribe(node.System.ActorOf(refusals.Props()), typeof(PeerRefused));
            node.System.EventStream.Subscribe(node.System.ActorOf(downings.Props()), typeof(PeerDowned));
        }

        var forked = await _harness.StartAsync("forked", Region.Europe, genesis: Sha256.Hash("another-genesis"u8));
        forked.Cluster.Join(na.Address);

        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains(refusals.Events, e => e.Peer == forked.PeerId && e.Reason == HandshakeRefusal.WrongGenesis);
            Assert.Contains(downings.Events, e => e.Peer == forked.PeerId);
        }, TimeSpan.FromSeconds(20));
        output.WriteLine("refused: " + refusals.Events.First().Detail);

        await Eventually.AwaitAssertAsync(() =>
        {
            foreach (var node in honest)
                Assert.DoesNotContain(node.Cluster.State.Members, m => m.Address == forked.Address);
            Assert.True(forked.System.WhenTerminated.IsCompleted, "a downed node shuts itself down");
        }, TimeSpan.FromSeconds(20));
        forked.Stopped = true;

        foreach (var node in honest)
        {
            var peers = await node.PeerListAsync();
            Assert.DoesNotContain(peers, p => p.Id == forked.PeerId);
            Assert.Equal(2, peers.Count(p => p.State == PeerState.Established));
            Assert.Contains(node.Cluster.State.Members, m => m.Address == na.Address);
        }
        Assert.DoesNotContain(downings.Events, e => honest.Any(h => h.PeerId == e.Peer));
    }

    [Fact]
    public async Task A_node_with_the_wrong_genesis_should_be_refused_but_stay_a_member_when_downing_is_off()
    {
        const string noDowning = "roko.network.down-on-bad-handshake = off";
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: noDowning);
        var eu = await _harness.StartAsync("eu-1", Region.Europe, hocon: noDowning);
        var forked = await _harness.StartAsync("forked", Region.AsiaPacific, genesis: Sha256.Hash("another-genesis"u8), hocon: noDowning);
        await _harness.JoinAllAsync();

        await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var node in new[] { na, eu })
            {
                var peers = await node.PeerListAsync();
                var refused = Assert.Single(peers, p => p.Id == forked.PeerId);
                Assert.Equal(PeerState.Refused, refused.State);
                Assert.StartsWith(nameof(HandshakeRefusal.WrongGenesis), refused.Refusal);
                Assert.False(refused.Active);
                Assert.Contains(peers, p => p.State == PeerState.Established);
            }
            Assert.All(await forked.PeerListAsync(), p => Assert.Equal(PeerState.Refused, p.State));
        }, TimeSpan.FromSeconds(15));

        Assert.All(_harness.Nodes, n => Assert.Equal(3, n.Cluster.State.Members.Count));
    }
}

/// <summary>Collects event-stream events of one type from any number of systems.</summary>
public sealed class EventCollector<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<T> _events = new();

    public IReadOnlyList<T> Events => [.. _events];

    public Props Props() => Akka.Actor.Props.Create(() => new Collector(this));

    private sealed class Collector : ReceiveActor
    {
        public Collector(EventCollector<T> owner) => Receive<T>(e => owner._events.Enqueue(e));
    }
}
