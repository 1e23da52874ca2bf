using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Roko.Actors.Monitoring;
using Roko.Actors.Time;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Monitoring.AlertingProtocol;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue #15's must-show: six validators, every one on a time card (simulated, locked to true time, claiming ±1 µs) with
/// a time card required to vote; one card lies by 1 ms. Probing each other over their time-probe sockets, the other
/// five name it a falseticker within 10 s; its own sampler finds its card disjoint from what its peers agree on, so it
/// stops counting as a time card (alert and metric on it) and stops voting, while the five go on finalizing.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class FalsetickerTimeCardSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Validators = 6;
    private const int Liar = 4;
    private const int BlocksWithoutLiar = 4;
    private const string CardFalsetickerAlert = "time-card-falseticker";
    private static readonly TimeSpan NamedWithin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly ValidatorNetwork _network = new(output);

    private const string FastProbes = """
        roko.validator.require-time-card = on
        roko.timesync { probe-interval = 250ms, probe-timeout = 200ms }
        roko.alerting.evaluation-interval = 200ms

        """;

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _network.DisposeAsync();

    [Fact]
    public async Task A_card_lying_by_1ms_should_be_named_a_falseticker_by_the_others_within_10s_and_stop_counting_as_a_time_card()
    {
        var detections = new ConcurrentDictionary<int, ConcurrentDictionary<string, TimeSpan>>();
        var since = new Stopwatch();
        await _network.StartAsync(Validators, hoconOf: i =>
            HostedTimeSyncSpec.TimeCardHocon + FastProbes + (i == Liar ? "roko.clock.simulated.offset = 1ms\n" : ""));
        since.Start();
        foreach (var node in _network.Nodes)
        {
            var seen = detections.GetOrAdd(node.Index, _ => new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal));
            node.Node.System.ActorOf(Props.Create(() => new FalsetickerRecorder(seen, since)));
        }
        var liar = _network.Nodes[Liar];
        string liarName = liar.Node.Address.ToString();
        var honest = _network.Nodes.Where(n => n.Index != Liar).ToList();

        await Eventually.AwaitAssertAsync(() => Assert.All(honest, n =>
            Assert.True(detections[n.Index].ContainsKey(liarName), $"{n} has not named {liarName}")), NamedWithin);
        foreach (var node in honest)
            output.WriteLine($"{node} named {liar} a falseticker {detections[node.Index][liarName].TotalMilliseconds:F0} ms after the network was up");
        Assert.All(honest, n => Assert.True(detections[n.Index][liarName] <= NamedWithin));
        Assert.All(_network.Nodes, n => Assert.DoesNotContain(detections[n.Index].Keys, name => name != liarName));

        var named = await Eventually.AwaitAssertAsync(() =>
        {
            var clock = liar.Node.Services.ClockStatus();
            Assert.True(clock.CardFalseticker, clock.ToString());
            Assert.False(clock.IsSynchronizedTimeCard);
            Assert.Contains("FALSETICKER", liar.Node.Services.ParticipationRefusal(), StringComparison.Ordinal);
        }, NamedWithin - since.Elapsed);
        output.WriteLine($"{liar}'s own check named its card a falseticker {since.Elapsed.TotalMilliseconds:F0} ms after the network was up: " +
                         liar.Node.Services.ClockStatus());
        Assert.Equal(1, liar.Node.Services.Metrics.Snapshot()[SeedMetric.TimeCardFalseticker]);
        Assert.All(honest, n => Assert.True(n.Node.Services.ClockStatus().IsSynchronizedTimeCard, $"{n}: {n.Node.Services.ClockStatus()}"));
        await Eventually.AwaitAssertAsync(async () =>
        {
            var alerts = await liar.Node.System.ActorSelection("/user/node/alerting").Ask<CurrentAlerts>(GetActiveAlerts.Instance, AskTimeout);
            Assert.Contains(alerts.Alerts, a => a.Rule.Name == CardFalsetickerAlert && a.State.Phase == AlertPhase.Firing);
        }, Generous);

        // It no longer votes: the certificates of the blocks after the next height carry the five honest cards only.
        var observer = honest[0];
        ulong from = await ValidatorNetwork.HeightAsync(observer) + 2;
        await _network.AwaitHeightAsync(from + BlocksWithoutLiar, Generous, honest);
        var key = liar.Node.Services.NodeKey.PublicKey;
        var blocks = Enumerable.Range(0, BlocksWithoutLiar).Select(i => observer.Committed[from + (ulong)i]).ToList();
        output.WriteLine($"heights {from}..{from + BlocksWithoutLiar - 1}: signers per block {string.Join(", ", blocks.Select(b => b.Commit.Signatures.Length))}");
        Assert.All(blocks, b => Assert.DoesNotContain(b.Commit.Signatures, s => s.Validator == key));
        Assert.All(blocks, b => Assert.NotEqual(key, b.Header.Proposer));
    }

    /// <summary>Records, per peer, when this node's sampler first named it a falseticker.</summary>
    private sealed class FalsetickerRecorder : ReceiveActor
    {
        public FalsetickerRecorder(ConcurrentDictionary<string, TimeSpan> seen, Stopwatch since)
        {
            Receive<FalsetickerDetected>(d => seen.TryAdd(d.Peer, since.Elapsed));
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(FalsetickerDetected));
    }
}
