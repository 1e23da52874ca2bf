using Akka.Actor;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Monitoring;
using Roko.Actors.Time;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Four real validators: three time cards (simulated clocks locked to true time — the host clock — claiming ±1 µs, as
/// the devnet's are) and one whose clock reads 15 ms ahead and says it is unsynchronized. Its hosted TimeSyncSampler
/// must find the time cards through its PeerManager, probe them through its PeerSessions, and discipline its clock onto
/// true time with an interval that contains it; time_drift and sync_accuracy must move.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class HostedTimeSyncSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Converging = 3;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ValidatorNetwork _network = new(output);

    internal const string TimeCardHocon = """
        roko.clock {
          source = simulated
          max-drift-ppm = 0.01
          assumed-uncertainty = off
          simulated { time-card = on, status = synchronized, claimed-error = 1us }
        }
        """;

    private const string FifteenMillisecondsAheadHocon = """
        roko.clock {
          source = simulated
          max-drift-ppm = 200
          max-slew-ppm = 5000
          step-threshold = 1ms
          assumed-uncertainty = off
          simulated { offset = 15ms, status = unsynchronized }
        }
        roko.timesync { probe-interval = 250ms, probe-timeout = 200ms }
        """;

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task A_node_15ms_ahead_should_converge_on_the_time_cards_through_its_hosted_sampler()
    {
        await _network.StartAsync(4, hoconOf: i => i == Converging ? FifteenMillisecondsAheadHocon : TimeCardHocon);
        var node = _network.Nodes[Converging].Node;
        Assert.False(node.Services.ClockStatus().TimeCard);

        var took = await Eventually.AwaitAssertAsync(() =>
        {
            var before = SystemClockSource.Instance.Read().Time;
            var interval = node.Services.Clock.Now();
            var estimate = node.Services.Clock.Estimate();
            var after = SystemClockSource.Instance.Read().Time;
            var status = node.Services.ClockStatus();
            Assert.Equal(ClockStatus.Synchronized, status.Status);
            Assert.True(interval.Earliest <= after && before <= interval.Latest, $"{interval} misses true time [{before}, {after}]");
            long error = Math.Abs(estimate.UnixNanoseconds - (before.UnixNanoseconds + (after - before) / 2));
            Assert.True(error < 1_000_000, $"estimate {estimate} is {error} ns from true time ({status})");
        }, TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(100));
        output.WriteLine($"converged after {took.TotalSeconds:F1} s: {node.Services.ClockStatus()}");

        var sampler = await node.System.ActorSelection("/user/node/timesync").ResolveOne(AskTimeout);
        var sync = await sampler.Ask<TimeSyncStatus>(GetTimeSyncStatus.Instance, AskTimeout);
        output.WriteLine($"sampler: {sync}");
        Assert.Equal(3, sync.Sources);
        Assert.Equal(SyncOutcome.Synchronized, sync.Outcome);

        var metrics = node.Services.Metrics.Snapshot();
        Assert.NotNull(metrics[SeedMetric.TimeDrift]);
        Assert.True(metrics[SeedMetric.SyncAccuracy] is > 0 and < 0.01, $"sync_accuracy {metrics[SeedMetric.SyncAccuracy]} s");

        // The time cards anchor the others and are never steered: their clocks stay at ±µs.
        foreach (var card in _network.Nodes.Take(Converging))
        {
            var status = card.Node.Services.ClockStatus();
            Assert.True(status.IsSynchronizedTimeCard, status.ToString());
            Assert.True(status.HalfWidthNanos < 100_000, status.ToString());
        }
    }
}
