using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Forks;
using Roko.Actors.Monitoring;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Forks.ForkMonitorProtocol;

namespace Roko.Actors.Tests.Forks;

/// <summary>
/// The fork monitor journals evidence only in canonical bytes: with roko.conf's bindings it starts and answers; with its
/// events bound to a general-purpose serializer it refuses to start (and so, out of restarts, makes the node not ready).
/// </summary>
public sealed class ForkMonitorSpec
{
    private static readonly TempDirectory Dir = new();
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private const string ChainId = "fork-monitor-spec";

    private static Config Journal() => ConfigurationFactory.ParseString(RokoConfig.SqliteAt(Dir.Combine($"forks-{Guid.NewGuid():N}.db")))
        .WithFallback(RokoConfig.Defaults);

    [Fact]
    public void Fork_monitor_should_start_and_report_no_fork_when_its_events_are_bound_to_the_canonical_serializer()
    {
        using var kit = new Akka.TestKit.Xunit2.TestKit(Journal());
        using var metrics = new RokoMetrics("node-1");
        var monitor = Start(kit, metrics);

        monitor.Tell(GetForkStatus.Instance, kit.TestActor);

        var status = kit.ExpectMsg<ForkStatus>(Generous);
        Assert.Equal((0, 0, (string?)null), (status.Detected, status.Unresolved, status.HoldReason));
    }

    [Fact]
    public void Fork_monitor_should_refuse_to_start_when_its_events_would_be_journaled_by_another_serializer()
    {
        using var kit = new Akka.TestKit.Xunit2.TestKit(ConfigurationFactory
            .ParseString("""akka.actor.serialization-bindings { "Roko.Actors.Forks.ForkDetected, roko" = json }""")
            .WithFallback(Journal()));
        using var metrics = new RokoMetrics("node-1");

        var monitor = Start(kit, metrics);

        kit.ExpectTerminated(monitor, Generous);
    }

    private static IActorRef Start(Akka.TestKit.Xunit2.TestKit kit, RokoMetrics metrics)
    {
        var monitor = kit.Sys.ActorOf(ForkMonitor.Props(ChainId, metrics, new Roko.Actors.Nodes.AssumedUncertaintyClock(1_000_000),
            kit.CreateTestProbe().Ref, kit.CreateTestProbe().Ref, recentHeights: 8), ForkMonitorProtocol.Name);
        kit.Watch(monitor);
        return monitor;
    }
}
