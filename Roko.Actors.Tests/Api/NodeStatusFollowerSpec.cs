using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Api;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Tests.Api;

public sealed class NodeStatusFollowerSpec : TestKit
{
    [Fact]
    public void Follower_should_ask_the_guardian_once_then_keep_the_view_at_what_the_guardian_publishes()
    {
        var guardian = CreateTestProbe();
        var view = new NodeStatusView();
        Sys.ActorOf(NodeStatusFollower.Props(guardian.Ref, view), NodeStatusFollower.Name);
        Assert.False(view.Current.Ready); // nothing heard yet: a request is answered 503, never sent to a ref of no one

        guardian.ExpectMsg<GetNodeStatus>();
        var mempool = CreateTestProbe().Ref;
        guardian.Reply(new NodeStatus(true, null, mempool, null));
        AwaitAssert(() => Assert.Same(mempool, view.Current.Mempool));

        // A component stopped for good, published by the guardian: requests see the node not ready without asking.
        Sys.EventStream.Publish(new NodeStatus(false, null, mempool, null) { Stopped = ["sync"] });
        AwaitAssert(() => Assert.Equal(["sync"], view.Current.Stopped));
        Assert.False(view.Current.Ready);
        guardian.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Follower_should_subscribe_and_ask_again_after_a_restart()
    {
        var guardian = CreateTestProbe();
        var view = new NodeStatusView();
        var follower = await Sys.StartUnderRestartingParentAsync("api", NodeStatusFollower.Props(guardian.Ref, view), NodeStatusFollower.Name);
        guardian.ExpectMsg<GetNodeStatus>();

        follower.Tell(Kill.Instance);

        guardian.ExpectMsg<GetNodeStatus>();
        var mempool = CreateTestProbe().Ref;
        Sys.EventStream.Publish(new NodeStatus(true, null, mempool, null));
        AwaitAssert(() => Assert.Same(mempool, view.Current.Mempool));
    }
}
