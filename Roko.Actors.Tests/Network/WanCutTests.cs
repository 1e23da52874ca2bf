using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class WanCutTests
{
    private const string A = "akka.tcp://roko@127.0.0.1:4053";
    private const string B = "akka.tcp://roko@127.0.0.1:4054";

    [Fact]
    public void None_should_isolate_nobody()
    {
        Assert.False(WanCut.None.IsActive);
        Assert.False(WanCut.None.Isolates(A));
    }

    [Fact]
    public void Cut_without_peers_should_isolate_every_peer()
    {
        var cut = WanCut.None.Cut([]);

        Assert.True(cut.AllPeers);
        Assert.True(cut.Isolates(A));
        Assert.True(cut.Isolates(B));
    }

    [Fact]
    public void Cut_with_peers_should_isolate_only_those_and_add_to_an_earlier_cut()
    {
        var first = WanCut.None.Cut([A]);
        var both = first.Cut([B]);

        Assert.True(first.Isolates(A));
        Assert.False(first.Isolates(B));
        Assert.Equal([A, B], both.Peers);
        Assert.False(both.AllPeers);
    }

    [Fact]
    public void Cut_of_named_peers_should_stay_a_cut_of_every_peer_when_everyone_is_cut()
    {
        Assert.Same(WanCut.Everyone, WanCut.Everyone.Cut([A]));
    }

    [Fact]
    public void Admin_endpoint_should_be_off_by_default_and_on_when_the_flag_says_so()
    {
        Assert.False(WanSettings.Create(RokoConfig.Defaults).AdminEndpoint);
        Assert.True(WanSettings.Create(RokoConfig.Load(null, "roko.network.wan.admin-endpoint = on")).AdminEndpoint);
    }
}
