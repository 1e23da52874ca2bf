using Akka.Actor;
using Akka.Event;
using Roko.Actors.Mempool;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Nodes;

/// <summary>
/// What a stop leaves unfinished is said, not silently dropped: once the HTTP API no longer accepts transactions
/// (CoordinatedShutdown's service-requests-done phase, after service-unbind), the node logs how many accepted
/// transactions are still pending, i.e. acknowledged but not in a block. The mempool is not kept across a restart,
/// so their submitters see them unknown afterwards and resubmit; finalized ones are in the journaled chain.
/// </summary>
public static class PendingOnStop
{
    private const string TaskName = "report-pending-transactions";
    /// <summary>Well inside the phase's timeout (akka.coordinated-shutdown.default-phase-timeout, 5 s).</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public static void Register(ActorSystem system, IActorRef guardian, string nodeName)
    {
        var log = Logging.GetLogger(system, typeof(PendingOnStop));
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, TaskName, async () =>
        {
            try
            {
                var node = await guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout);
                if (node.Mempool is null) return Akka.Done.Instance; // not started: nothing was accepted
                var pool = await node.Mempool.Ask<MempoolProtocol.CurrentMempoolStatus>(MempoolProtocol.GetMempoolStatus.Instance, AskTimeout);
                if (pool.Pending > 0)
                    log.Warning("Stopping {0} with {1} accepted transaction(s) not yet in a block (tip {2}); the mempool is not kept, " +
                                "their submitters resubmit them", nodeName, pool.Pending, pool.Height);
                else
                    log.Info("Stopping {0}: every accepted transaction is in a block (tip {1})", nodeName, pool.Height);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                log.Warning("Stopping {0}: the mempool did not say how many accepted transactions are still pending ({1})", nodeName, e.Message);
            }
            return Akka.Done.Instance;
        });
    }
}
