using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Persistence;
using Xunit;
using static Roko.Actors.Monitoring.NetworkHealthProtocol;

namespace Roko.Actors.Tests.Monitoring;

public sealed class NetworkHealthSpec : TestKit
{
    private static readonly NetworkHealthSettings Settings = new() { ReportInterval = TimeSpan.FromMilliseconds(50), StaleAfter = TimeSpan.FromSeconds(10) };

    private static NodeHealthSnapshot Snapshot(string node, ulong height) => new(node, "na", "validator", height, [], 1.0, [], null);

    [Fact]
    public void NetworkHealth_should_aggregate_the_latest_snapshot_of_every_node_and_leave_out_stale_ones()
    {
        var time = new FakeTimeProvider();
        var health = Sys.ActorOf(NetworkHealth.Props(Settings, time));
        health.Tell(Snapshot("validator-0", 5));
        health.Tell(Snapshot("validator-1", 6));
        health.Tell(Snapshot("validator-0", 7));

        health.Tell(GetNetworkHealth.Instance);
        var figures = ExpectMsg<CurrentNetworkHealth>().Figures;
        Assert.Equal<string>(["validator-0", "validator-1"], figures.Nodes);
        Assert.Equal((6UL, 7UL), (figures.LowestHeight, figures.HighestHeight));

        time.Advance(TimeSpan.FromSeconds(8));
        health.Tell(Snapshot("validator-1", 9));
        time.Advance(TimeSpan.FromSeconds(3));
        health.Tell(GetNetworkHealth.Instance);
        Assert.Equal<string>(["validator-1"], ExpectMsg<CurrentNetworkHealth>().Figures.Nodes);
    }

    [Fact]
    public void Reporter_should_send_height_peers_per_region_participation_and_drift()
    {
        using var metrics = new RokoMetrics("validator-0");
        metrics.SetValidatorParticipation(0.75, ["abc (eu)"]);
        metrics.SetTimeDriftNanos(-3_000_000);
        var peers = CreateTestProbe();
        var singleton = CreateTestProbe();
        var reporter = Sys.ActorOf(NodeHealthReporter.Props(Settings, new AlertSource("validator-0", "na"), "validator", 4, metrics, peers, singleton));

        peers.ExpectMsg<PeerManagerProtocol.GetPeers>();
        peers.Reply(new PeerManagerProtocol.CurrentPeers(ImmutableList.Create(
            new PeerInfo(new PeerId("a"), PeerState.Established, Region.Europe, RttSmoothedNanos: 80_000_000),
            new PeerInfo(new PeerId("b"), PeerState.Established, Region.Europe, RttSmoothedNanos: 90_000_000),
            new PeerInfo(new PeerId("c"), PeerState.Established, Region.NorthAmerica),
            new PeerInfo(new PeerId("d"), PeerState.Connecting, Region.AsiaPacific))));

        var snapshot = singleton.ExpectMsg<NodeHealthSnapshot>();
        Assert.Equal(("validator-0", "na", "validator", 4UL), (snapshot.Node, snapshot.Region, snapshot.Role, snapshot.Height));
        Assert.Equal<RegionPeers>([new RegionPeers("eu", 2, 90_000_000), new RegionPeers("na", 1, null)], snapshot.PeersByRegion);
        Assert.Equal(0.75, snapshot.Participation);
        Assert.Equal<string>(["abc (eu)"], snapshot.MissingValidators);
        Assert.Equal(0.003, snapshot.TimeDriftSeconds!.Value, 9);
        Sys.Stop(reporter);
    }
}
