using Roko.Actors.Nodes;
using Akka.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class ClusterConfigTests
{
    private static readonly Config Base = Roko.Actors.Nodes.RokoConfig.Defaults;

    [Theory]
    [InlineData("validator", Region.NorthAmerica, "region-na")]
    [InlineData("validator", Region.Europe, "region-eu")]
    [InlineData("archive", Region.AsiaPacific, "region-apac")]
    public void ForNode_should_derive_the_cluster_roles_from_the_role_and_region_files(string role, Region region, string regionRole)
    {
        var config = ClusterConfig.ForNode(role, region, Base);

        Assert.Equal([role, regionRole], config.GetStringList("akka.cluster.roles"));
        Assert.Equal(role, config.GetString("roko.node.role"));
        Assert.Equal(region.ToText(), config.GetString("roko.node.region"));
        Assert.Equal(region, ClusterConfig.RegionOf(config.GetStringList("akka.cluster.roles")));
    }

    [Fact]
    public void Cluster_file_should_select_the_cluster_provider_and_the_split_brain_resolver()
    {
        var config = ClusterConfig.ForNode("validator", Region.Europe, Base);

        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("validator", config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
        Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-clr-shutdown-hook")); // the roko verbs own the signals
    }

    [Fact]
    public void Overrides_should_win_over_the_files_and_seeds_should_be_settable()
    {
        var config = ClusterConfig.ForNode("validator", Region.Europe, Base,
            ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.port = 0\nroko.node.region = apac"));
        config = ClusterConfig.WithSeeds(config, ["akka.tcp://roko@10.0.0.1:4053", "akka.tcp://roko@10.0.0.2:4053"]);

        Assert.Equal(0, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Contains("region-apac", config.GetStringList("akka.cluster.roles"));
        Assert.Equal(["akka.tcp://roko@10.0.0.1:4053", "akka.tcp://roko@10.0.0.2:4053"], config.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Refusal_downing_should_only_be_allowed_when_more_peers_agree_with_us_than_were_refused()
    {
        Assert.True(RefusalDowning.MayDown(established: 2, refused: 1));
        Assert.False(RefusalDowning.MayDown(established: 0, refused: 3));
        Assert.False(RefusalDowning.MayDown(established: 1, refused: 1));
    }

    [Fact]
    public void Child_name_should_be_a_valid_and_stable_actor_name_for_a_member_address()
    {
        var address = Akka.Actor.Address.Parse("akka.tcp://roko@127.0.0.1:4053");

        string name = PeerManager.ChildName(address);

        Assert.True(Akka.Actor.ActorPath.IsValidPathElement(name));
        Assert.Equal(name, PeerManager.ChildName(Akka.Actor.Address.Parse("akka.tcp://roko@127.0.0.1:4053")));
        Assert.NotEqual(name, PeerManager.ChildName(Akka.Actor.Address.Parse("akka.tcp://roko@127.0.0.1:4054")));
    }
}
