using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Tests.MultiNode;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;
using static Roko.Actors.Hardware.Ptp.Ptp4lMonitorProtocol;

namespace Roko.Actors.Tests.Ptp;

/// <summary>
/// Issue #15's must-show for the ptp4l-disciplined clock: a real linuxptp grandmaster (clock class 6, accuracy within
/// 100 ns) and a slave-only client in two network namespaces joined by a veth pair, software time stamping, both
/// free-running so the shared host clock is never steered. A validator node (a real RokoNode) with
/// roko.clock.source = ptp4l reads the client's management socket live: it reports Synchronized with a bound of at least
/// |master offset|, and votes; stopping the grandmaster degrades its clock within 10 s, the bound growing.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class Ptp4lDisciplinedNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ClockAccuracyWithin100Ns = 0x21;
    private static readonly TimeSpan LockBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DegradeBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly ValidatorNetwork _network = new(output);
    private Ptp4lTestbed? _testbed;

    public async Task InitializeAsync() =>
        _testbed = await Ptp4lTestbed.StartAsync($"clock-class = 6, clock-accuracy = {ClockAccuracyWithin100Ns}");

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        if (_testbed is not null) await _testbed.DisposeAsync();
        _testbed = null;
    }

    [PtpIntegrationFact]
    public async Task Node_should_read_ptp4l_live_be_synchronized_within_its_offset_and_degrade_when_the_grandmaster_stops()
    {
        var watch = Stopwatch.StartNew();
        // The node's clock: CLOCK_REALTIME as ptp4l's software time stamping sees it, judged from the client's socket.
        var testbed = _testbed!;
        var clockHocon = Ptp4lTestbed.Hocon(testbed.ClientInterface, testbed.ClientSettings.ManagementSocketPath, "slave-only = on") + """

            roko.clock { source = ptp4l, ptp4l { clock = system, poll-interval = 500ms } }
            roko.validator.require-time-card = on
            """;
        await _network.StartAsync(1, hocon: ConfigurationFactory.ParseString(clockHocon));
        var node = _network.Nodes[0];

        CurrentPtp4lState? locked = null;
        await Eventually.AwaitAssertAsync(async () =>
        {
            testbed.FailIfExited();
            locked = await StateAsync(node);
            Assert.True(locked.Judgement.Status == ClockStatus.Synchronized, $"{locked.Judgement} ({locked.Judgement.Seen})");
            Assert.Equal(ClockStatus.Synchronized, node.Node.Services.ClockStatus().Status);
        }, LockBound, TimeSpan.FromMilliseconds(250));
        var seen = locked!.Judgement.Seen!;
        var status = node.Node.Services.ClockStatus();
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: synchronized: {seen}; ptp4l bound ±{locked.Judgement.LockedBoundNanos} ns; " +
                         $"node clock {status}; {locked.Polls} polls, {locked.FailedPolls} failed");
        Assert.True(status.IsSynchronizedTimeCard, status.ToString());
        // Both ptp4l only measure (free-running): the client's servo never locks, so its port follows the master UNCALIBRATED.
        Assert.Equal(PtpPortState.Uncalibrated, seen.Port.PortState);
        Assert.Equal(6, seen.GrandmasterClockClass);
        Assert.True(locked.Judgement.LockedBoundNanos >= Math.Abs(seen.Time.MasterOffsetNanoseconds));
        Assert.True(status.HalfWidthNanos >= Math.Abs(seen.Time.MasterOffsetNanoseconds), status.ToString());

        var key = node.Node.Services.NodeKey.PublicKey;
        await Eventually.AwaitAssertAsync(() => Assert.Contains(node.Committed.Values, b => b.Commit.Signatures.Any(s => s.Validator == key)),
            TimeSpan.FromSeconds(30));
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s: the ptp4l-disciplined validator's vote is in a committed block");

        await testbed.StopGrandmasterAsync();
        var stopped = Stopwatch.StartNew();
        CurrentPtp4lState? lost = null;
        await Eventually.AwaitAssertAsync(async () =>
        {
            lost = await StateAsync(node);
            Assert.NotEqual(ClockStatus.Synchronized, node.Node.Services.ClockStatus().Status);
        }, DegradeBound + TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        var degradedAfter = stopped.Elapsed;
        var first = node.Node.Services.ClockStatus();
        await Eventually.AwaitAssertAsync(() =>
            Assert.True(node.Node.Services.ClockStatus().HalfWidthNanos > first.HalfWidthNanos, "the bound did not grow"), TimeSpan.FromSeconds(10));
        output.WriteLine($"grandmaster stopped: node clock degraded after {degradedAfter.TotalSeconds:F1} s to {first}; " +
                         $"ptp4l judged {lost!.Judgement}; later {node.Node.Services.ClockStatus()}");
        Assert.True(degradedAfter <= DegradeBound, $"degraded only after {degradedAfter.TotalSeconds:F1} s");
        Assert.Equal(ClockStatus.Holdover, first.Status);
    }

    private static Task<CurrentPtp4lState> StateAsync(ValidatorNetwork.Validator node) =>
        node.Node.System.ActorSelection("/user/node/clock/ptp4l").Ask<CurrentPtp4lState>(GetPtp4lState.Instance, AskTimeout);
}
