using Roko.Actors.Crypto;
using Roko.Actors.Nodes;
using Roko.Actors.Network;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class RoutePlanTests
{
    private static readonly PeerId Self = new("self"), Na = new("na"), Eu = new("eu"), Apac = new("apac");
    private static readonly PublicKey SelfKey = Key("self"), NaKey = Key("na"), EuKey = Key("eu"), ApacKey = Key("apac"), Stranger = Key("stranger");

    private static PublicKey Key(string seed) => SigningKey.FromSeed("route-plan-" + seed).PublicKey;

    private static PeerId? PeerOf(PublicKey key) =>
        key == NaKey ? Na : key == EuKey ? Eu : key == ApacKey ? Apac : key == SelfKey ? Self : null;

    /// <summary>Self-Na 10, Self-Eu 80, Self-Apac 300 (a slow link), Eu-Apac 80, Na-Eu 80: Apac is best reached through Eu.</summary>
    private static RouteCache Routes()
    {
        var routes = new RouteCache(new LatencyGraph(Self), RouteSettings.Create(RokoConfig.Defaults));
        routes.ReportLink(Self, Na, 10);
        routes.ReportLink(Self, Eu, 80);
        routes.ReportLink(Self, Apac, 300);
        routes.ApplyRttTable(Eu, new Dictionary<PeerId, long> { [Apac] = 80, [Na] = 80 });
        return routes;
    }

    private static RoutePlan Plan(IEnumerable<PublicKey> destinations, Func<PeerId, bool>? isUp = null, PeerId? cameFrom = null,
        Func<PeerId, bool>? isConnected = null)
    {
        var routes = Routes();
        return RoutePlan.For(destinations, SelfKey, PeerOf, p => routes.Find(Self, p), isUp ?? (_ => true), isConnected ?? (_ => false), cameFrom);
    }

    [Fact]
    public void Plan_should_group_destinations_by_the_next_hop_of_the_shortest_route_and_skip_ourselves()
    {
        var plan = Plan([NaKey, ApacKey, SelfKey, EuKey]);

        var expected = new (PeerId, PublicKey[])[] { (Na, [NaKey]), (Eu, [ApacKey, EuKey]) };
        Assert.Equal(expected, plan.Hops.Select(h => (h.NextHop, h.Destinations.ToArray())), new HopComparer());
        Assert.Equal((2, 1), (plan.Direct, plan.Relayed));
        Assert.Empty(plan.Unroutable);
    }

    [Fact]
    public void Plan_should_send_direct_when_the_next_hop_is_unusable_or_is_where_the_message_came_from()
    {
        var cut = Plan([ApacKey], isUp: p => p != Eu);
        var back = Plan([ApacKey], cameFrom: Eu);

        Assert.Equal(Apac, Assert.Single(cut.Hops).NextHop);
        Assert.Equal(Apac, Assert.Single(back.Hops).NextHop);
        Assert.Equal((1, 0), (back.Direct, back.Relayed));
    }

    [Fact]
    public void Plan_should_name_destinations_that_are_unknown_or_that_no_usable_link_leads_to()
    {
        var plan = Plan([Stranger, ApacKey], isUp: p => p != Eu && p != Apac);

        Assert.Empty(plan.Hops);
        Assert.Equal([Stranger, ApacKey], plan.Unroutable.ToArray());
    }

    [Fact]
    public void Plan_should_still_send_direct_over_a_link_reported_down_when_nothing_better_is_up()
    {
        var plan = Plan([ApacKey], isUp: p => p == Na, isConnected: p => p == Apac);

        Assert.Equal(Apac, Assert.Single(plan.Hops).NextHop);
        Assert.Empty(plan.Unroutable);
    }

    private sealed class HopComparer : IEqualityComparer<(PeerId, PublicKey[])>
    {
        public bool Equals((PeerId, PublicKey[]) x, (PeerId, PublicKey[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);
        public int GetHashCode((PeerId, PublicKey[]) obj) => obj.Item1.GetHashCode();
    }
}
