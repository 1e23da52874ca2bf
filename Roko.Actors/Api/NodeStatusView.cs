using Roko.Actors.Nodes;

namespace Roko.Actors.Api;

/// <summary>
/// The node's latest <see cref="NodeGuardianProtocol.NodeStatus"/> as the HTTP API's requests read it without asking the
/// guardian: written only by <see cref="NodeStatusFollower"/>, read by any request thread. Not ready until the follower
/// has heard from the guardian.
/// </summary>
public sealed class NodeStatusView
{
    private static readonly NodeGuardianProtocol.NodeStatus NotHeardYet = new(false, null, null, null);

    private volatile NodeGuardianProtocol.NodeStatus _current = NotHeardYet;

    public NodeGuardianProtocol.NodeStatus Current => _current;

    internal void Update(NodeGuardianProtocol.NodeStatus status) => _current = status;
}
