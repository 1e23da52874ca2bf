using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using Roko.Actors.Network;
using Roko.Actors.Propagation;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Twelve nodes, four per region, each with its BlockPropagator as the PeerManager's inbound handler. Blocks gossip
/// (fanout 8 of 11 peers), votes flood and checkpoints go structured (the HOCON defaults), all in one cluster.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class GossipPropagationSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int NodesPerRegion = 4;
    private const int MessagesPerNodePerKind = 3;
    private const string Hocon = "roko.propagation.peer-refresh = 250ms";
    private static readonly MessageKind[] Kinds = [MessageKind.Block, MessageKind.Vote, MessageKind.Checkpoint];
    private static readonly TimeSpan OriginationGap = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Every_message_should_reach_every_node_exactly_once_by_gossip_flood_and_structured_routes()
    {
        Region[] regions = [Region.NorthAmerica, Region.Europe, Region.AsiaPacific];
        foreach (var region in regions)
            for (int i = 1; i <= NodesPerRegion; i++)
                await _harness.StartAsync($"{region.ToText()}-{i}", region, hocon: Hocon, withPropagator: true);
        var nodes = _harness.Nodes;
        output.WriteLine($"cluster up in {await _harness.JoinAllAsync(TimeSpan.FromSeconds(60))}");
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(60));
        // max-peers (50) exceeds the cluster, so every peer is active and measured on every node.
        await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var node in nodes)
                Assert.Equal(nodes.Count - 1, (await node.PeerListAsync()).Count(p => p is { Active: true, RttSmoothedNanos: not null }));
        }, TimeSpan.FromSeconds(30));
        await Task.Delay(Quiet); // a few peer refreshes: every propagator sees the whole active set

        var deliveries = new ConcurrentQueue<(int Node, Delivered Message)>();
        for (int n = 0; n < nodes.Count; n++)
        {
            var collector = nodes[n].System.ActorOf(DeliveryCollector.Props(n, deliveries), "deliveries");
            foreach (var kind in Kinds) nodes[n].Propagator.Tell(new Subscribe(kind, collector));
        }

        for (int round = 0; round < MessagesPerNodePerKind; round++)
            foreach (var kind in Kinds)
                for (int n = 0; n < nodes.Count; n++)
                {
                    nodes[n].Propagator.Tell(new Propagate(kind, Encoding.UTF8.GetBytes($"{kind} {round} from {nodes[n].Name}")));
                    await Task.Delay(OriginationGap);
                }

        int messagesPerKind = nodes.Count * MessagesPerNodePerKind;
        int expected = Kinds.Length * messagesPerKind * nodes.Count;
        var took = await Eventually.AwaitAssertAsync(() => Assert.True(deliveries.Count >= expected, $"{deliveries.Count} of {expected} deliveries"),
            TimeSpan.FromSeconds(30));
        output.WriteLine($"all {expected} deliveries within {took} of the last origination");
        await Task.Delay(Quiet); // late duplicates would show up here

        Assert.Equal(expected, deliveries.Count);
        foreach (var kind in Kinds)
        {
            var byMessage = deliveries.Where(d => d.Message.Kind == kind).GroupBy(d => d.Message.Id).ToList();
            Assert.Equal(messagesPerKind, byMessage.Count);
            foreach (var message in byMessage)
            {
                var receivers = message.Select(d => d.Node).ToList();
                Assert.Equal(nodes.Count, receivers.Count);
                Assert.Equal(nodes.Count, receivers.Distinct().Count());
            }
        }

        long duplicates = 0;
        foreach (var node in nodes)
        {
            var stats = await node.Propagator.Ask<PropagationStats>(GetPropagationStats.Instance, TimeSpan.FromSeconds(5));
            Assert.Equal(Kinds.Length * MessagesPerNodePerKind, stats.Originated);
            Assert.Equal(Kinds.Length * messagesPerKind, stats.Delivered);
            duplicates += stats.Duplicates;
        }
        output.WriteLine($"envelopes dropped as duplicates below the application: {duplicates}");
    }

    private sealed class DeliveryCollector : ReceiveActor
    {
        public DeliveryCollector(int node, ConcurrentQueue<(int, Delivered)> deliveries) =>
            Receive<Delivered>(d => deliveries.Enqueue((node, d)));

        public static Props Props(int node, ConcurrentQueue<(int, Delivered)> deliveries) =>
            Akka.Actor.Props.Create(() => new DeliveryCollector(node, deliveries));
    }
}
