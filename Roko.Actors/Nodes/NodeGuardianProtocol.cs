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

    /// <summary><paramref name="Mempool"/> and <paramref name="Chain"/> are null until the node is ready.</summary>
    public sealed record NodeStatus(bool Ready, LedgerState? Tip, IActorRef? Mempool, IActorRef? Chain);
}
