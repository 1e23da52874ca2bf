using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Roko.Actors.ClusterAccess;

namespace Roko.Actors.Nodes;

/// <summary>
/// The services NodeGuardian starts on validators for non-members (light nodes, external submitters) and registers
/// with the ClusterClientReceptionist: /user/node/tx-submission, /user/node/header-feed and /user/node/light-access,
/// each metering its requests through the node's guard.
/// </summary>
public static class NodeClusterAccess
{
    public static void Start(IActorContext context, NodeServices services, IActorRef mempool, ulong height)
    {
        var settings = services.ClusterAccessSettings;
        if (!settings.Enabled) return;
        var receptionist = ClusterClientReceptionist.Get(context.System);
        receptionist.RegisterService(context.ActorOf(TransactionSubmission.Props(mempool, settings, services.Guard), ClusterAccessProtocol.TransactionSubmissionName));
        receptionist.RegisterService(context.ActorOf(HeaderFeed.Props(height, settings, services.Guard), ClusterAccessProtocol.HeaderFeedName));
        if (context.Child("chain") is { } chain && !chain.IsNobody())
            receptionist.RegisterService(context.ActorOf(LightAccess.Props(chain, settings, services.Guard), ClusterAccessProtocol.LightAccessName));
    }
}
