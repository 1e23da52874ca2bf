using Akka.Actor;
using Roko.Actors.Cli;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Cli;

public sealed class NodeExitTests
{
    [Fact]
    public void A_node_stopped_by_its_operator_or_made_to_leave_should_exit_with_success()
    {
        Assert.Equal((ExitCodes.Success, null), NodeExit.Of(CoordinatedShutdown.ClrExitReason.Instance, stopRequested: true, fatal: null));
        Assert.Equal((ExitCodes.Success, null), NodeExit.Of(null, stopRequested: false, fatal: null));
        Assert.Equal(ExitCodes.Success, NodeExit.Of(CoordinatedShutdown.ClusterLeavingReason.Instance, stopRequested: false, fatal: null).Code);
    }

    [Fact]
    public void A_node_that_stopped_on_its_own_should_exit_with_a_failure_a_service_manager_restarts()
    {
        // Akka's reasons carry their own exit codes; a non-zero one is kept.
        var (downed, message) = NodeExit.Of(CoordinatedShutdown.ClusterDowningReason.Instance, stopRequested: false, fatal: null);
        Assert.NotEqual(ExitCodes.Success, downed);
        Assert.Equal(Math.Max(ExitCodes.Failure, CoordinatedShutdown.ClusterDowningReason.Instance.ExitCode), downed);
        Assert.Contains("ClusterDowningReason", message);
        Assert.NotEqual(ExitCodes.Success, NodeExit.Of(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance, false, null).Code);
        Assert.Equal(ExitCodes.Failure, NodeExit.Of(new ReasonWithCode(0), false, null).Code);
        // A reason with its own exit code keeps it (Akka.Remote's failed outbound TLS handshake says 79).
        Assert.Equal(79, NodeExit.Of(new ReasonWithCode(79), false, null).Code);
    }

    [Fact]
    public void A_fatal_error_should_exit_with_a_failure_even_when_a_stop_was_requested()
    {
        var (code, message) = NodeExit.Of(NodeGuardian.ChainStoreFailed.Instance, stopRequested: true, fatal: "chain store stopped");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("stopped: chain store stopped", message);
    }

    private sealed class ReasonWithCode(int code) : CoordinatedShutdown.Reason
    {
        public override int ExitCode => code;
    }
}
