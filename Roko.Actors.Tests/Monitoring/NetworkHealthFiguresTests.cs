using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class NetworkHealthFiguresTests
{
    private static NodeHealthSnapshot Node(string name, string region, ulong height, double? participation, double? drift,
        params RegionPeers[] peers) =>
        new(name, region, "validator", height, [.. peers], participation, participation < 1 ? ["missing-one (eu)"] : [], drift);

    [Fact]
    public void Aggregate_should_give_heights_regions_the_slowest_cross_region_link_and_the_largest_drift()
    {
        var figures = NetworkHealthFigures.Aggregate(
        [
            Node("validator-1", "eu", 9, 0.75, 0.002, new RegionPeers("na", 2, 80_000_000), new RegionPeers("apac", 1, 150_000_000)),
            Node("validator-0", "na", 10, 1.0, 0.08, new RegionPeers("na", 1, 5_000_000), new RegionPeers("eu", 1, 81_000_000)),
            Node("validator-2", "na", 10, 0.75, null, new RegionPeers("na", 1, 900_000_000)),
        ]);

        Assert.Equal<string>(["validator-0", "validator-1", "validator-2"], figures.Nodes);
        Assert.Equal((9UL, 10UL), (figures.LowestHeight, figures.HighestHeight));
        Assert.Equal(0.75, figures.Participation);
        Assert.Equal<string>(["missing-one (eu)"], figures.MissingValidators);
        Assert.Equal<RegionFigures>(
        [
            new RegionFigures("apac", 0, 1),
            new RegionFigures("eu", 1, 1),
            new RegionFigures("na", 2, 4),
        ], figures.Regions);
        // 900 ms is inside one region; the slowest link between regions is eu -> apac.
        Assert.Equal(new RegionLink("eu", "apac", 150_000_000, "validator-1"), figures.SlowestRegionLink);
        Assert.Equal((0.08, "validator-0"), (figures.LargestTimeDriftSeconds, figures.LargestTimeDriftNode));
    }

    [Fact]
    public void Aggregate_should_be_empty_when_no_node_reported()
    {
        Assert.Equal(NetworkHealthFigures.Empty, NetworkHealthFigures.Aggregate([]));
    }
}
