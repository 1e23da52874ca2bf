using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class PeerSelectionTests
{
    private const long Ms = 1_000_000;
    private static readonly PeerSelectionSettings Small = new() { MaxPeers = 8, CrossRegionPeers = 2, RandomPeers = 2 };

    private static PeerCandidate Peer(string id, Region region, long? rttMs) =>
        new(new PeerId(id), region, rttMs * Ms);

    /// <summary>20 peers in our region at 1..20 ms, 5 in EU at 80..84 ms, 5 in APAC at 150..154 ms.</summary>
    private static List<PeerCandidate> Network() =>
        Enumerable.Range(1, 20).Select(i => Peer($"na-{i:D2}", Region.NorthAmerica, i))
            .Concat(Enumerable.Range(0, 5).Select(i => Peer($"eu-{i}", Region.Europe, 80 + i)))
            .Concat(Enumerable.Range(0, 5).Select(i => Peer($"apac-{i}", Region.AsiaPacific, 150 + i)))
            .ToList();

    private static IReadOnlyList<SelectedPeer> Choose(IEnumerable<PeerCandidate> candidates, int seed = 1) =>
        new PeerSelection(Small).Choose(candidates, Region.NorthAmerica, new Random(seed));

    [Fact]
    public void Selection_should_keep_the_cross_region_minimum_when_local_peers_are_faster()
    {
        var chosen = Choose(Network());

        Assert.Equal(Small.MaxPeers, chosen.Count);
        Assert.Equal(["eu-0", "eu-1", "apac-0", "apac-1"],
            chosen.Where(c => c.Reason == SelectionReason.CrossRegion).Select(c => c.Peer.Id.Value));
    }

    [Fact]
    public void Selection_should_prefer_the_lowest_rtt_when_filling_the_latency_slots()
    {
        var chosen = Choose(Network());

        Assert.Equal(["na-01", "na-02"],
            chosen.Where(c => c.Reason == SelectionReason.LowLatency).Select(c => c.Peer.Id.Value));
    }

    [Fact]
    public void Selection_should_fill_the_random_slots_from_peers_not_otherwise_chosen()
    {
        var chosen = Choose(Network());

        var random = chosen.Where(c => c.Reason == SelectionReason.Random).ToList();
        Assert.Equal(Small.RandomPeers, random.Count);
        Assert.Equal(chosen.Count, chosen.Select(c => c.Peer.Id).Distinct().Count());
    }

    [Fact]
    public void Selection_should_be_the_same_for_the_same_seed_and_vary_across_seeds()
    {
        var shuffled = Network().OrderBy(c => c.Id.Value.GetHashCode(StringComparison.Ordinal)).ToList();

        Assert.Equal(Choose(Network(), seed: 7), Choose(shuffled, seed: 7));
        var randomSets = Enumerable.Range(0, 10)
            .Select(seed => string.Join(",", Choose(Network(), seed)
                .Where(c => c.Reason == SelectionReason.Random).Select(c => c.Peer.Id.Value)))
            .Distinct();
        Assert.True(randomSets.Count() > 1);
    }

    [Fact]
    public void Selection_should_take_every_candidate_when_there_are_fewer_than_max_peers()
    {
        var few = new[]
        {
            Peer("a", Region.NorthAmerica, 5),
            Peer("b", Region.Europe, 80),
            Peer("c", Region.NorthAmerica, null),
        };

        var chosen = Choose(few);

        Assert.Equal(["a", "b", "c"], chosen.Select(c => c.Peer.Id.Value).Order());
    }

    [Fact]
    public void Selection_should_give_unused_cross_region_slots_to_fast_peers_when_a_region_is_empty()
    {
        var noApac = Network().Where(c => c.Region != Region.AsiaPacific).ToList();

        var chosen = Choose(noApac);

        Assert.Equal(Small.MaxPeers, chosen.Count);
        Assert.Equal(4, chosen.Count(c => c.Reason == SelectionReason.LowLatency));
    }

    [Theory]
    [InlineData("na", Region.NorthAmerica)]
    [InlineData("eu", Region.Europe)]
    [InlineData("apac", Region.AsiaPacific)]
    public void Region_should_round_trip_through_its_text_form(string text, Region region)
    {
        Assert.Equal(region, RegionText.Parse(text));
        Assert.Equal(text, region.ToText());
    }

    [Fact]
    public void Region_should_fail_with_the_allowed_names_when_text_is_unknown()
    {
        var error = Assert.Throws<FormatException>(() => RegionText.Parse("EU"));

        Assert.Contains("'EU'", error.Message);
        Assert.Contains("na, eu, apac", error.Message);
    }

    [Fact]
    public void PeerSelectionSettings_should_read_defaults_and_reject_reservations_beyond_max_peers()
    {
        var defaults = PeerSelectionSettings.Create(RokoConfig.Defaults);
        Assert.Equal(50, defaults.MaxPeers);
        Assert.Equal(2, defaults.CrossRegionPeers);
        Assert.Equal(8, GossipSettings.Create(RokoConfig.Defaults).Fanout);

        var error = Assert.Throws<InvalidSettingException>(() =>
            PeerSelectionSettings.Create(RokoConfig.Load(null, "roko.network.peers.max-peers = 5")));
        Assert.Equal("roko.network.peers.max-peers", error.Key);
    }
}
