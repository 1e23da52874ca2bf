using Akka.Actor;
using Roko.Actors.Ledger;

namespace Roko.Actors.Nodes;

public static class NodeGuardianProtocol
{
    /// <summary>Asks whether the node has recovered its chain and started its services; answered by <see cref="NodeStatus"/>.</summary>
    public sealed record GetNodeStatus
    {
        public static GetNodeStatus Instance { get; } = new();
    }

    /// <summary>
    /// <paramref name="Tip"/>, <paramref name="Mempool"/> and <paramref name="Chain"/> are null until the node has started its
    /// services. <paramref name="Ready"/>: started, and none of its components (children of /user/node) stopped for good;
    /// <see cref="Stopped"/> names those that did.
    /// </summary>
    public sealed record NodeStatus(bool Ready, LedgerState? Tip, IActorRef? Mempool, IActorRef? Chain)
    {
        public IReadOnlyList<string> Stopped { get; init; } = [];
    }
}
