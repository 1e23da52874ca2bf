using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Xunit;

namespace Roko.Actors.Tests.Network;

public sealed class SenderSourceTests : TestKit
{
    /// <summary>A ref with the given path and nothing behind it: SenderSource reads only paths.</summary>
    private IActorRef RefAt(string path) => new EmptyLocalActorRef(((ExtendedActorSystem)Sys).Provider, ActorPath.Parse(path), Sys.EventStream);

    [Fact]
    public void Of_should_be_the_host_of_a_remote_sender_and_null_for_a_local_one()
    {
        Assert.Equal(GuardSource.Host("127.0.0.4"), SenderSource.Of(RefAt("akka.tcp://roko@127.0.0.4:4711/user/flooder")));
        Assert.Equal("host:node-a.example", SenderSource.Of(RefAt("akka.tcp://roko@Node-A.example:4711/user/x"))?.Key);
        Assert.Null(SenderSource.Of(TestActor));
    }

    [Fact]
    public void Of_should_file_every_message_without_a_sender_under_one_source()
    {
        Assert.Equal(SenderSource.NoSender, SenderSource.Of(ActorRefs.NoSender));
        Assert.Equal(SenderSource.NoSender, SenderSource.Of(Sys.DeadLetters)); // what a remote message sent with no sender arrives with
        Assert.Equal(SenderSource.NoSender, SenderSource.Of(ActorRefs.Nobody));
        Assert.Equal(SenderSource.NoSender, SenderSource.OfClusterClient(Sys.DeadLetters));
    }

    [Fact]
    public void OfClusterClient_should_be_the_host_of_the_client_the_receptionists_response_tunnel_is_named_after()
    {
        string client = Uri.EscapeDataString("akka.trttl.tcp://light@127.0.0.5:39001/user/client");
        Assert.Equal(GuardSource.Host("127.0.0.5"), SenderSource.OfClusterClient(RefAt($"akka://roko/system/receptionist/{client}")));
        Assert.Equal(GuardSource.Host("127.0.0.6"), SenderSource.OfClusterClient(RefAt("akka.tcp://light@127.0.0.6:1/user/direct")));
        Assert.Null(SenderSource.OfClusterClient(RefAt("akka://roko/system/receptionist/not-a-path")));
        Assert.Null(SenderSource.OfClusterClient(RefAt($"akka://roko/user/node/{client}")));
        Assert.Null(SenderSource.OfClusterClient(TestActor));
    }
}
