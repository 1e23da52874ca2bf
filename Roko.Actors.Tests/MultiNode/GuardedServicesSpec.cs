using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Roko.Actors.Sync;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;
using static Roko.Actors.Sync.BlockSyncProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue 17 for the ways into a node that are not peer sessions: block-range requests, ClusterClient services and
/// DistributedPubSub. One real validator (<see cref="GuardedValidator"/>, shared by the specs) is flooded over
/// Akka.Remote TCP by a client system bound to its own loopback address while an honest client on 127.0.0.2 keeps
/// asking; the honest client's latency is measured before and during the flood, the flooder is refused (counted in the
/// node's /metrics, blacklisted by its guard) and the honest client keeps being served. And a lying peer's unsigned,
/// forged and other-key block-range answers are refused by the validator's block sync and counted.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class GuardedServicesSpec : IClassFixture<GuardedValidator>
{
    /// <summary>Honest requests per phase, one at a time with a pause: about 15 a second, within every path's rate.</summary>
    private const int Samples = 30;
    /// <summary>
    /// Messages of one flood, sent in 20 batches over <see cref="FloodSpan"/>: about 1,000 a second. Within each path's
    /// burst and rate the first of them are served until the guard blacklists the flooder (200 refusals), so at most a
    /// quarter of them is asserted served.
    /// </summary>
    private const int FloodSize = 2000;
    private static readonly TimeSpan FloodSpan = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(60);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    /// <summary>
    /// The honest p99 during a flood stays below ten times the one before it, or this, whichever is larger: the guard
    /// sits at each service, so the flood still passes through remoting (and the receptionist and mediator) before it is
    /// refused, and on a loaded 2-core box that queueing alone reaches a second or two.
    /// </summary>
    private static readonly TimeSpan LatencyFloor = TimeSpan.FromSeconds(3);

    private readonly GuardedValidator _node;
    private readonly ITestOutputHelper _output;

    public GuardedServicesSpec(GuardedValidator node, ITestOutputHelper output)
    {
        _node = node;
        _output = output;
        node.WriteTo(output);
    }

    [Fact]
    public async Task Block_sync_should_drop_a_flooding_hosts_requests_while_an_honest_requester_keeps_its_latency()
    {
        const string FlooderHost = "127.0.0.4";
        var node = _node.Node;
        string syncPath = $"{node.Address}{NodeGuardian.BlockSyncPath}";
        string chainId = node.Services.Genesis.ChainId;
        var nodeKey = node.Services.NodeKey.PublicKey;
        var honest = _node.Honest.ActorSelection(syncPath);
        async Task<bool> Ask(int i)
        {
            var range = await honest.Ask<BlockRange>(new GetBlockRange(i, 1, 1), Timeout);
            return range.RequestId == i && range.Blocks.Length == 1 && BlockRangeSignature.Check(range, chainId, nodeKey) is null;
        }
        await Eventually.AwaitAssertAsync(async () => Assert.True(await Ask(-1)), Generous); // associated, answers signed

        var flooder = _node.StartClient("flooder-sync", FlooderHost);
        var replies = new ConcurrentDictionary<string, int>();
        var sink = flooder.ActorOf(Props.Create(() => new Tally(replies)), "sink");
        var target = flooder.ActorSelection(syncPath);

        var figures = await FloodAsync(GuardPath.BlockSync, FlooderHost, Ask,
            i => target.Tell(new GetBlockRange(1_000_000 + i, 1, 64), sink));

        int answered = replies.GetValueOrDefault(nameof(BlockRange));
        _output.WriteLine($"GUARD FIGURES [block-sync]: {figures}; flooder's ranges answered {answered}/{FloodSize}");
        Assert.InRange(answered, 0, FloodSize / 4);
    }

    [Fact]
    public async Task Cluster_client_services_should_refuse_a_flooding_client_while_an_honest_client_keeps_its_latency()
    {
        const string FlooderHost = "127.0.0.5";
        var contact = ActorPath.Parse($"{_node.Node.Address}/system/receptionist");
        IActorRef ClientOf(ActorSystem system) =>
            system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(system).WithInitialContacts([contact])), "client-" + Guid.NewGuid().ToString("N"));
        var honest = ClientOf(_node.Honest);
        async Task<bool> Ask(int i) =>
            await honest.Ask<object>(new ClusterClient.Send(LightAccessPath, new GetLightBlocks(1, 1)), Timeout) is LightBlocksServed { Blocks.Length: 1 };
        await Eventually.AwaitAssertAsync(async () => Assert.True(await Ask(-1)), Generous);

        var flooder = _node.StartClient("flooder-client", FlooderHost);
        var flooding = ClientOf(flooder);
        var replies = new ConcurrentDictionary<string, int>();
        var sink = flooder.ActorOf(Props.Create(() => new Tally(replies)), "sink");
        await Eventually.AwaitAssertAsync(async () => Assert.IsType<LightBlocksServed>(
            await flooding.Ask<object>(new ClusterClient.Send(LightAccessPath, new GetLightBlocks(1, 1)), Timeout)), Generous);

        var figures = await FloodAsync(GuardPath.ClusterClient, FlooderHost, Ask,
            _ => flooding.Tell(new ClusterClient.Send(LightAccessPath, new GetLightBlocks(1, 1)), sink));

        // The client over its rate is told so (not left to time out) until the guard cuts it off.
        await Eventually.AwaitAssertAsync(() => Assert.True(replies.GetValueOrDefault("refused: rate-limited") > 0), Generous);
        int served = replies.GetValueOrDefault(nameof(LightBlocksServed));
        _output.WriteLine($"GUARD FIGURES [cluster-client]: {figures}; flooder's requests served {served}/{FloodSize}, " +
                          $"answered refused: {string.Join(", ", replies.Where(r => r.Key.StartsWith("refused")).Select(r => $"{r.Value} {r.Key}"))}");
        Assert.InRange(served, 0, FloodSize / 4);
    }

    [Fact]
    public async Task Pub_sub_should_refuse_a_flooding_publisher_and_its_malformed_alerts_while_an_honest_publishers_alerts_keep_arriving()
    {
        const string FlooderHost = "127.0.0.6";
        var node = _node.Node;
        string topic = node.Services.AlertingSettings.NetworkTopic;
        string mediatorPath = $"{node.Address}/system/distributedPubSubMediator";
        var alerting = node.System.ActorSelection("/user/node/" + NodeMonitoring.AlertingName); // the view, read in-process
        var started = NanoMoment.FromDateTime(DateTime.UtcNow);
        NetworkAlert Alert(string from, double value) =>
            new(from, "na", "guard-probe", "A probe of the pub-sub guard", "warning", "roko_probe", value, started, started, null);

        var honestMediator = _node.Honest.ActorSelection(mediatorPath);
        var publisher = _node.Honest.ActorOf(Props.Create(() => new Tally(new ConcurrentDictionary<string, int>())), "publisher");
        int published = 0;
        // Answered when the node's view shows the alert just published (polled in-process every 5 ms).
        async Task<bool> Publish(int _)
        {
            double value = ++published;
            honestMediator.Tell(new Publish(topic, Alert("honest-publisher", value)), publisher);
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < Timeout)
            {
                var view = await alerting.Ask<AlertingProtocol.CurrentNetworkAlerts>(AlertingProtocol.GetNetworkAlerts.Instance, Timeout);
                if (view.ByNode.TryGetValue("honest-publisher", out var alerts) && alerts.Any(a => a.Value == value)) return true;
                await Task.Delay(5);
            }
            return false;
        }
        await Eventually.AwaitAssertAsync(async () => Assert.True(await Publish(0)), Generous);

        var flooder = _node.StartClient("flooder-pubsub", FlooderHost);
        var sender = flooder.ActorOf(Props.Create(() => new Tally(new ConcurrentDictionary<string, int>())), "publisher");
        var floodMediator = flooder.ActorSelection(mediatorPath);
        long invalidBefore = _node.Count("roko_ddos_invalid_total", GuardPath.PubSub);
        for (int i = 0; i < 3; i++) floodMediator.Tell(new Publish(topic, Alert("flooder", i) with { Severity = "apocalyptic" }), sender);
        await Eventually.AwaitAssertAsync(() => Assert.Equal(invalidBefore + 3, _node.Count("roko_ddos_invalid_total", GuardPath.PubSub)), Generous);

        var figures = await FloodAsync(GuardPath.PubSub, FlooderHost, Publish,
            i => floodMediator.Tell(new Publish(topic, Alert("flooder", i)), sender));

        var flooded = (await alerting.Ask<AlertingProtocol.CurrentNetworkAlerts>(AlertingProtocol.GetNetworkAlerts.Instance, Timeout)).ByNode
            .GetValueOrDefault("flooder").FirstOrDefault();
        _output.WriteLine($"GUARD FIGURES [pub-sub]: {figures}; 3 malformed alerts counted invalid; the flooder's last alert applied: " +
                          $"{(flooded is null ? "none" : $"#{flooded.Value} of {FloodSize}")}");
        Assert.True(flooded is null || flooded.Value < FloodSize / 4, $"the flooder's alert #{flooded?.Value} was applied");
    }

    [Fact]
    public async Task Block_sync_should_refuse_a_peers_unsigned_forged_and_other_key_answers_and_count_them_against_its_key()
    {
        const string LiarHost = "127.0.0.7";
        var node = _node.Node;
        var genesis = node.Services.Genesis;
        var overrides = ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.hostname = \"{LiarHost}\"")
            .WithFallback(ConfigurationFactory.ParseString(ClusterHarness.TestHocon));
        var config = ClusterConfig.ForNode("archive", Region.Europe, RokoConfig.Defaults, overrides);
        var liar = _node.Track(ActorSystem.Create(RokoNode.SystemName, MutualTls.ForNode(config)));
        var identity = new NodeIdentity(SigningKey.FromSeed("lying-archive"), "archive", Region.Europe, genesis.ChainId, genesis.Hash, RokoConfig.Version);
        var overlay = OverlaySettings.Create(liar.Settings.Config);
        liar.ActorOf(Props.Create(() => new LiarHost(identity, overlay)), "node");
        var liarAddress = Cluster.Get(liar).SelfAddress;
        var liarId = new PeerId(liarAddress.ToString());
        long invalidBefore = _node.Count("roko_ddos_invalid_total", GuardPath.BlockSync);
        Cluster.Get(liar).Join(node.Address);

        await Eventually.AwaitAssertAsync(() => Assert.Superset(
            new HashSet<SyncRefusalReason> { SyncRefusalReason.Unsigned, SyncRefusalReason.WrongSigner, SyncRefusalReason.ForgedSignature },
            _node.Validator.SyncRefusals.Where(r => r.Peer == liarId).Select(r => r.Refusal.Reason).ToHashSet()), Generous);
        var refusals = _node.Validator.SyncRefusals.Where(r => r.Peer == liarId).ToList();
        long invalid = _node.Count("roko_ddos_invalid_total", GuardPath.BlockSync) - invalidBefore;
        foreach (var refusal in refusals.DistinctBy(r => r.Refusal.Reason)) _output.WriteLine($"refused {refusal.Peer}: {refusal.Refusal}");
        _output.WriteLine($"the lying peer's answers refused: {refusals.Count}; counted invalid on block-sync: {invalid}; " +
                          $"suspicion of its key: {_node.Guard.ScoreOf(GuardSource.Node(identity.Key.PublicKey)):F0}, of its host {LiarHost}: " +
                          $"{_node.Guard.ScoreOf(GuardSource.Host(LiarHost)):F0}");
        Assert.All(refusals, r => Assert.Contains(r.Refusal.Reason,
            new[] { SyncRefusalReason.Unsigned, SyncRefusalReason.WrongSigner, SyncRefusalReason.ForgedSignature }));
        Assert.InRange(invalid, 3, long.MaxValue);
        // An established peer is held to the key its handshake proved: the suspicion is the key's, whatever host it moves to.
        Assert.True(_node.Guard.ScoreOf(GuardSource.Node(identity.Key.PublicKey)) > 0, "the liar's key gained no suspicion");
        Assert.Equal(0, _node.Guard.ScoreOf(GuardSource.Host(GuardedValidator.HonestHost)));

        // The liar leaves, so the shared validator is alone in its cluster again for the other specs.
        Cluster.Get(liar).Leave(liarAddress);
        await Eventually.AwaitAssertAsync(() =>
            Assert.DoesNotContain(Cluster.Get(node.System).State.Members, m => m.Address == liarAddress), Generous);
    }

    /// <summary>
    /// Measures the honest client through <paramref name="ask"/> before the flood, then again while
    /// <paramref name="send"/> floods the path from <paramref name="flooderHost"/> (<see cref="FloodSize"/> messages over
    /// <see cref="FloodSpan"/>), and asserts the common part: the honest client stays served within the latency bound,
    /// the flood is refused and counted on <paramref name="path"/>, the flooder is blacklisted and the honest client is not.
    /// </summary>
    private async Task<string> FloodAsync(GuardPath path, string flooderHost, Func<int, Task<bool>> ask, Action<int> send)
    {
        var before = await HonestLatency.MeasureAsync(ask, Samples, Pause, Timeout);
        long refusedBefore = _node.Refused(path);
        var flood = Task.Run(async () =>
        {
            const int Batches = 20;
            var watch = Stopwatch.StartNew();
            for (int b = 0; b < Batches; b++)
            {
                for (int i = b * FloodSize / Batches; i < (b + 1) * FloodSize / Batches; i++) send(i);
                await Task.Delay(FloodSpan / Batches);
            }
            return watch.Elapsed;
        });
        var during = await HonestLatency.MeasureAsync(ask, Samples, Pause, Timeout);
        var flooded = await flood;
        var flooder = GuardSource.Host(flooderHost);
        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.True(_node.Guard.IsBlacklisted(flooder), $"{flooder} is not blacklisted");
            Assert.InRange(_node.Refused(path) - refusedBefore, FloodSize * 8 / 10, long.MaxValue);
        }, Generous);
        long refused = _node.Refused(path) - refusedBefore;
        string figures = $"honest before the flood {before}; during it {during}; flood of {FloodSize} over {flooded.TotalSeconds:F1} s, " +
                         $"{refused} refused on {path.Name()} (/metrics), flooder blacklisted";

        Assert.False(_node.Guard.IsBlacklisted(GuardSource.Host(GuardedValidator.HonestHost)), "the honest client is blacklisted");
        Assert.True(during.AnsweredShare >= 0.9, $"honest client answered {during.Answered.Count}/{during.Sent} during the flood");
        var bound = TimeSpan.FromTicks(Math.Max(before.P99.Ticks * 10, LatencyFloor.Ticks));
        Assert.True(during.P99 < bound, $"honest p99 during the flood {during.P99.TotalMilliseconds:F0} ms, bound {bound.TotalMilliseconds:F0} ms");
        return figures;
    }

    /// <summary>
    /// Stands in for a node's guardian on the lying peer: its overlay (a PeerManager whose handshake proves the
    /// liar's key for the validator's chain) at /user/node/peers and a lying block sync at /user/node/sync.
    /// </summary>
    private sealed class LiarHost : ReceiveActor
    {
        private readonly NodeGuard _guard;

        public LiarHost(NodeIdentity identity, OverlaySettings overlay)
        {
            var clock = new AssumedUncertaintyClock(1_000_000);
            _guard = new NodeGuard(overlay.Ddos, clock, metrics: null);
            Context.ActorOf(PeerManager.Props(identity, clock, overlay, ActorRefs.Nobody, _guard), "peers");
            Context.ActorOf(Props.Create(() => new LyingBlockSync(identity.ChainId, identity.Key)), "sync");
        }

        protected override void PostStop() => _guard.Dispose();
    }

    /// <summary>Answers range requests in turn unsigned, signed by another key, and with its own signature over another answer.</summary>
    private sealed class LyingBlockSync : ReceiveActor
    {
        public LyingBlockSync(string chainId, SigningKey key)
        {
            var stranger = SigningKey.FromSeed("not-the-lying-archive");
            int answered = 0;
            Receive<GetBlockRange>(request =>
            {
                var range = new BlockRange(request.RequestId, request.From, []);
                Sender.Tell((answered++ % 3) switch
                {
                    0 => range,
                    1 => BlockRangeSignature.Sign(range, chainId, stranger),
                    _ => BlockRangeSignature.Sign(range with { RequestId = request.RequestId + 1 }, chainId, key) with { RequestId = request.RequestId },
                });
            });
        }
    }

    /// <summary>Counts what a client receives: by type, refusals by the start of their reason.</summary>
    private sealed class Tally : ReceiveActor
    {
        public Tally(ConcurrentDictionary<string, int> counts) => ReceiveAny(message =>
        {
            string kind = message switch
            {
                LightRequestRefused r => "refused: " + r.Reason.Split(':')[0],
                _ => message.GetType().Name,
            };
            counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        });
    }
}
