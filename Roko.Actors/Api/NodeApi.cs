using Akka.Actor;
using Roko.Actors.Nodes;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Api;

/// <summary>What the endpoints talk to: the node's actors (by path under /user/node), its services and the API settings.</summary>
public sealed class NodeApi(ActorSystem system, IActorRef guardian, NodeServices services, HttpApiSettings settings, IActorRef tracker,
    NodeStatusView statusView)
{
    public const string PeersPath = "/user/node/peers";
    public const string AlertingPath = "/user/node/alerting";

    public ActorSystem System { get; } = system;
    public NodeServices Services { get; } = services;
    public HttpApiSettings Settings { get; } = settings;
    public IActorRef Tracker { get; } = tracker;

    /// <summary>
    /// The node's status as <see cref="NodeStatusFollower"/> last heard it from the guardian, without asking: enough to
    /// know whether the node is ready and where its mempool is. Endpoints that must see the tip as of their request ask
    /// (<see cref="StatusAsync"/>).
    /// </summary>
    public NodeStatus FollowedStatus => statusView.Current;

    /// <summary>Asks the guardian: its answer reflects every block it had been told of before the request.</summary>
    public Task<NodeStatus> StatusAsync(CancellationToken cancel) => guardian.Ask<NodeStatus>(GetNodeStatus.Instance, Settings.AskTimeout, cancel);

    public Task<T> AskAsync<T>(ICanTell target, object message, CancellationToken cancel) => target.Ask<T>(message, Settings.AskTimeout, cancel);

    /// <summary>The actor at <paramref name="path"/>, or null when there is none (not started yet, or not hosted on this node).</summary>
    public async Task<IActorRef?> FindAsync(string path)
    {
        try
        {
            return await System.ActorSelection(path).ResolveOne(Settings.AskTimeout);
        }
        catch (ActorNotFoundException)
        {
            return null;
        }
    }
}
