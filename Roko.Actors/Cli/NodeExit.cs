using Akka.Actor;

namespace Roko.Actors.Cli;

/// <summary>
/// The exit code of <c>roko node</c> once its ActorSystem has terminated, so a service manager restarts a node that stopped
/// on its own (systemd's <c>Restart=on-failure</c>, deploy/systemd) and leaves alone one an operator stopped or made leave.
/// </summary>
public static class NodeExit
{
    /// <param name="reason">Why CoordinatedShutdown ran (null: the system was terminated without it).</param>
    /// <param name="stopRequested">The process was told to stop (SIGINT/SIGTERM).</param>
    /// <param name="fatal">The node's own fatal error (a chain store that cannot persist), or null.</param>
    /// <returns>The exit code, and the line to print (null: nothing to say).</returns>
    public static (int Code, string? Message) Of(CoordinatedShutdown.Reason? reason, bool stopRequested, string? fatal)
    {
        if (fatal is not null) return (ExitCodes.Failure, $"stopped: {fatal}");
        if (stopRequested) return (ExitCodes.Success, null);
        return reason switch
        {
            null or CoordinatedShutdown.ClrExitReason or CoordinatedShutdown.ActorSystemTerminateReason => (ExitCodes.Success, null),
            // An operator asked this member to leave (PUT /cluster/members/… Leave): a restart would join it again.
            CoordinatedShutdown.ClusterLeavingReason => (ExitCodes.Success, "left the cluster"),
            // Downed by the cluster, a join that never succeeded, an outbound TLS handshake that failed (Akka.Remote stops the
            // whole system then, exit code 79): the node stopped on its own and should be started again.
            _ => (reason.ExitCode > 0 ? reason.ExitCode : ExitCodes.Failure,
                $"stopped on its own ({Describe(reason)}); exiting with a failure so the service manager starts it again"),
        };
    }

    private static string Describe(CoordinatedShutdown.Reason reason)
    {
        string text = reason.ToString() ?? "";
        string name = reason.GetType().Name;
        return text.Length == 0 || text == reason.GetType().FullName || text == name ? name : $"{name}: {text}";
    }
}
