using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using Xunit;

namespace Roko.Actors.Tests.Propagation;

public sealed class PropagationPlannerSpec
{
    private static readonly PropagationSettings Settings = PropagationSettings.Create(RokoConfig.Defaults);
    private static readonly PropagationPlanner Planner = new(Settings);

    private static PeerCandidate Peer(string id, Region region, long rttMs) => new(new PeerId(id), region, rttMs * 1_000_000);

    /// <summary>Twelve peers: four per region, RTTs 10..120 ms in id order.</summary>
    private static readonly IReadOnlyList<PeerCandidate> Twelve =
        [.. Enumerable.Range(0, 12).Select(i => Peer($"p{i:D2}", (Region)(i % 3), 10 * (i + 1)))];

    [Fact]
    public void Defaults_should_flood_votes_and_alerts_gossip_blocks_and_route_proposals_transactions_and_checkpoints()
    {
        Assert.Equal(PropagationStrategy.Flood, Settings.StrategyFor(MessageKind.Vote));
        Assert.Equal(PropagationStrategy.Structured, Settings.StrategyFor(MessageKind.Proposal));
        Assert.Equal(PropagationStrategy.Flood, Settings.StrategyFor(MessageKind.Alert));
        Assert.Equal(PropagationStrategy.Gossip, Settings.StrategyFor(MessageKind.Block));
        Assert.Equal(PropagationStrategy.Structured, Settings.StrategyFor(MessageKind.Transaction));
        Assert.Equal(PropagationStrategy.Structured, Settings.StrategyFor(MessageKind.Checkpoint));
        Assert.Equal(8, Settings.Fanout);
    }

    [Fact]
    public void Flood_should_reach_every_active_peer_except_the_sender()
    {
        var targets = Planner.Targets(PropagationStrategy.Flood, Twelve, new PeerId("p03"), new Random(1));
        Assert.Equal(11, targets.Count);
        Assert.DoesNotContain(targets, p => p.Id.Value == "p03");
    }

    [Fact]
    public void Gossip_should_pick_fanout_peers_fastest_first_then_random_never_the_sender()
    {
        var sender = new PeerId("p00");
        for (int seed = 0; seed < 50; seed++)
        {
            var targets = Planner.Targets(PropagationStrategy.Gossip, Twelve, sender, new Random(seed));
            Assert.Equal(Settings.Fanout, targets.Count);
            Assert.Equal(targets.Count, targets.Select(t => t.Id).Distinct().Count());
            Assert.DoesNotContain(targets, p => p.Id == sender);
            // The fastest peers other than the sender are always chosen.
            Assert.Equal(["p01", "p02", "p03", "p04"], targets.Take(Settings.FastestShare).Select(t => t.Id.Value));
        }
    }

    [Fact]
    public void Gossip_should_be_deterministic_for_a_seed_and_vary_across_seeds()
    {
        var a = Planner.Targets(PropagationStrategy.Gossip, Twelve, null, new Random(7)).Select(p => p.Id).ToList();
        var b = Planner.Targets(PropagationStrategy.Gossip, Twelve, null, new Random(7)).Select(p => p.Id).ToList();
        Assert.Equal(a, b);
        var variants = Enumerable.Range(0, 20)
            .Select(s => string.Join(",", Planner.Targets(PropagationStrategy.Gossip, Twelve, null, new Random(s)).Select(p => p.Id.Value).Order()))
            .Distinct().Count();
        Assert.True(variants > 1, "random slots never varied");
    }

    [Fact]
    public void Gossip_should_take_everyone_when_there_are_fewer_peers_than_the_fanout()
    {
        var few = Twelve.Take(5).ToList();
        Assert.Equal(5, Planner.Targets(PropagationStrategy.Gossip, few, null, new Random(1)).Count);
    }

    [Fact]
    public void Structured_should_not_be_planned_here_since_it_follows_the_latency_routes()
    {
        var e = Assert.Throws<ArgumentException>(() => Planner.Targets(PropagationStrategy.Structured, Twelve, null, new Random(1)));
        Assert.Contains("latency routes", e.Message, StringComparison.Ordinal);
    }
}

public sealed class SeenCacheSpec
{
    private static Hash32 Id(int i)
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, i);
        return new Hash32(bytes);
    }

    [Fact]
    public void SeenCache_should_admit_an_id_once()
    {
        var cache = new SeenCache(4);
        Assert.True(cache.TryAdd(Id(1)));
        Assert.False(cache.TryAdd(Id(1)));
        Assert.True(cache.Contains(Id(1)));
    }

    [Fact]
    public void SeenCache_should_forget_the_oldest_ids_beyond_its_capacity()
    {
        var cache = new SeenCache(3);
        for (int i = 0; i < 5; i++) cache.TryAdd(Id(i));
        Assert.Equal(3, cache.Count);
        Assert.False(cache.Contains(Id(0)));
        Assert.False(cache.Contains(Id(1)));
        Assert.True(cache.Contains(Id(4)));
    }

    [Fact]
    public void SeenCache_should_keep_the_latest_delivery_number_of_an_id()
    {
        var cache = new SeenCache(4);
        Assert.True(cache.TryAdd(Id(1), deliveredAt: 7));
        Assert.False(cache.TryAdd(Id(1), deliveredAt: 9));
        Assert.Equal(7, cache.DeliveredAt(Id(1)));

        cache.Redelivered(Id(1), 12);
        cache.Redelivered(Id(2), 13); // not held: nothing to record

        Assert.Equal(12, cache.DeliveredAt(Id(1)));
        Assert.False(cache.Contains(Id(2)));
    }
}
