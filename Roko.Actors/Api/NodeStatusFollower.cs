using Akka.Actor;
using Roko.Actors.Nodes;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Api;

/// <summary>
/// /user/node-status: keeps the HTTP API's <see cref="NodeStatusView"/> current, so a request (POST /txs above all) goes
/// straight to the mempool instead of asking the guardian for its ref first. It subscribes to the guardian's published
/// <see cref="NodeStatus"/> and then asks once for the current one; both come from the guardian in the order it sent
/// them, so the last one received is the latest. A restart subscribes and asks again; a restarted guardian publishes a
/// not-ready status first, so no request is sent to a ref of its previous incarnation for longer than that message takes.
/// </summary>
public sealed class NodeStatusFollower : ReceiveActor
{
    public const string Name = "node-status";

    private readonly IActorRef _guardian;

    public NodeStatusFollower(IActorRef guardian, NodeStatusView view)
    {
        _guardian = guardian;
        Receive<NodeStatus>(view.Update);
    }

    public static Props Props(IActorRef guardian, NodeStatusView view) => Akka.Actor.Props.Create(() => new NodeStatusFollower(guardian, view));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(NodeStatus));
        _guardian.Tell(GetNodeStatus.Instance);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
