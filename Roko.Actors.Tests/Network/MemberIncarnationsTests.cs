using Roko.Actors.Network.Overlay;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class MemberIncarnationsTests
{
    private const string Peer = "akka.tcp://roko@127.0.0.1:4053";
    private const string Other = "akka.tcp://roko@127.0.0.1:4054";
    private const long Before = 1111;
    private const long After = 2222;

    [Fact]
    public void Removal_of_the_only_incarnation_should_stop_the_session()
    {
        var incarnations = new MemberIncarnations();
        incarnations.Up(Peer, Before);

        Assert.True(incarnations.Removed(Peer, Before));
        Assert.Null(incarnations.Current(Peer));
    }

    [Fact]
    public void Removal_of_the_old_incarnation_after_the_new_one_is_up_should_keep_the_session()
    {
        // Akka's order when one gossip brings both: the new incarnation's MemberUp, then the old one's MemberRemoved.
        var incarnations = new MemberIncarnations();
        incarnations.Up(Peer, Before);
        incarnations.Up(Peer, After);

        Assert.False(incarnations.Removed(Peer, Before));
        Assert.Equal(After, incarnations.Current(Peer));
        Assert.True(incarnations.Removed(Peer, After));
    }

    [Fact]
    public void Removal_before_the_new_incarnation_is_up_should_stop_the_old_session_and_the_new_one_starts_afresh()
    {
        var incarnations = new MemberIncarnations();
        incarnations.Up(Peer, Before);

        Assert.True(incarnations.Removed(Peer, Before));
        incarnations.Up(Peer, After);
        Assert.Equal(After, incarnations.Current(Peer));
    }

    [Fact]
    public void Removal_of_an_address_never_seen_up_should_stop_whatever_session_it_has()
    {
        var incarnations = new MemberIncarnations();
        incarnations.Up(Other, Before);

        Assert.True(incarnations.Removed(Peer, Before));
        Assert.Equal(Before, incarnations.Current(Other));
    }
}
