using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using Envelope = Roko.Actors.Network.Envelope;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A victim node with a tight peer-session limit and a short blacklisting, and an honest peer, shared by the specs; each
/// spec brings its own flooder, each on its own loopback address (127.0.0.x), so the victim's guard tells them apart.
/// </summary>
public sealed class PeerSessionGuardNetwork : IAsyncLifetime
{
    /// <summary>A flood of a few thousand messages crosses this within a second; a blacklisting lasts 15 s.</summary>
    public const string VictimHocon = """
        roko.network.ddos { rate-per-second = 200, burst = 400, blacklist-base = 15s }
        akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
        """;

    public static string OnHost(string host) => $"akka.remote.dot-netty.tcp.hostname = \"{host}\"";

    public ClusterHarness Harness { get; } = new(new Silent());
    public RokoMetrics VictimMetrics { get; } = new("victim");
    public PrometheusExposition VictimExposition { get; }
    public ClusterNode Victim { get; private set; } = null!;
    public ClusterNode Honest { get; private set; } = null!;

    public PeerSessionGuardNetwork() => VictimExposition = new PrometheusExposition(VictimMetrics.Meter);

    public async Task InitializeAsync()
    {
        Victim = await Harness.StartAsync("victim", Region.NorthAmerica, hocon: VictimHocon, metrics: VictimMetrics);
        Honest = await Harness.StartAsync("honest", Region.Europe, hocon: OnHost("127.0.0.2"));
        await Harness.JoinAllAsync();
        await Harness.AwaitSessionsAsync(TimeSpan.FromSeconds(20));
        // The victim answers every echo request with the same envelope, through its own session to the sender.
        Victim.Inbox.OnReceived = e =>
        {
            if (e.Envelope.Type == PeerSessionGuardSpec.EchoType) Victim.Peers.Tell(new SendTo(e.From, e.Envelope));
        };
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        VictimExposition.Dispose();
        VictimMetrics.Dispose();
    }

    /// <summary>A node joining the running network (not through <see cref="ClusterHarness.JoinAllAsync"/>: earlier flooders may be gone).</summary>
    public async Task<ClusterNode> JoinAsync(string name, string host)
    {
        var node = await Harness.StartAsync(name, Region.AsiaPacific, hocon: OnHost(host));
        node.Cluster.Join(Victim.Address);
        await ClusterHarness.AwaitUpAsync([Victim, node], TimeSpan.FromSeconds(20));
        return node;
    }

    private sealed class Silent : ITestOutputHelper
    {
        public void WriteLine(string message) { }
        public void WriteLine(string format, params object[] args) { }
    }
}

[Collection(MultiNodeCollection.Name)]
public sealed class PeerSessionGuardSpec : IClassFixture<PeerSessionGuardNetwork>
{
    public const string EchoType = "test/echo";
    private readonly PeerSessionGuardNetwork _network;
    private readonly ITestOutputHelper _output;

    public PeerSessionGuardSpec(PeerSessionGuardNetwork network, ITestOutputHelper output)
    {
        _network = network;
        _output = output;
        TestOutputLogger.Sink = line =>
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // the spec already finished
            }
        };
    }

    private ClusterNode Victim => _network.Victim;
    private ClusterNode Honest => _network.Honest;

    private static Envelope Message(ClusterNode from, string type, int n, MessagePriority priority = MessagePriority.Transaction) =>
        Envelope.Seal(type, priority, NanoMoment.FromDateTime(DateTime.UtcNow), BitConverter.GetBytes(n), from.Key);

    private long VictimCounter(string name)
    {
        var match = Regex.Match(_network.VictimExposition.Render(), $@"^{name}\{{node=""victim"",path=""peer_session""\}} (\d+)$", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value) : 0;
    }

    private async Task<PeerInfo?> VictimViewOf(ClusterNode node) => (await Victim.PeerListAsync()).SingleOrDefault(p => p.Id == node.PeerId);

    [Fact]
    public async Task A_peer_session_flood_should_be_refused_while_an_honest_peers_round_trips_keep_their_latency()
    {
        var flooder = await _network.JoinAsync("flooder-a", "127.0.0.4");
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(PeerState.Established, (await VictimViewOf(flooder))?.State),
            TimeSpan.FromSeconds(20));
        // Loopback addresses tell nodes apart: before its handshake verified, the flooder was held against its own host.
        var sources = Victim.Guard.Report().Select(r => r.Address).ToList();
        Assert.Contains("ip:127.0.0.4", sources);
        Assert.Contains("ip:127.0.0.2", sources);
        Assert.Contains(GuardSource.Node(flooder.Key.PublicKey).Key, sources);

        const int FloodRounds = 20, PerRound = 150;
        var flood = Enumerable.Range(0, FloodRounds * PerRound).Select(i => Message(flooder, "test/flood", i)).ToList();
        var echo = new EchoProbe(Honest, Victim);
        await echo.MeasureAsync(count: 10, spacing: TimeSpan.FromMilliseconds(50)); // warm-up, not counted
        var before = await echo.MeasureAsync(count: 40, spacing: TimeSpan.FromMilliseconds(50));
        long rateLimitedBefore = VictimCounter("roko_ddos_rate_limited_total");

        var flooding = Task.Run(async () =>
        {
            for (int round = 0; round < FloodRounds; round++)
            {
                foreach (var message in flood.Skip(round * PerRound).Take(PerRound)) flooder.Peers.Tell(new SendTo(Victim.PeerId, message));
                await Task.Delay(100);
            }
        });
        var during = await echo.MeasureAsync(count: 40, spacing: TimeSpan.FromMilliseconds(50));
        await flooding;

        await Eventually.AwaitAssertAsync(async () => Assert.Equal(PeerState.Blacklisted, (await VictimViewOf(flooder))?.State),
            TimeSpan.FromSeconds(10));
        int delivered = Victim.Inbox.CountFrom(flooder.PeerId);
        long rateLimited = VictimCounter("roko_ddos_rate_limited_total") - rateLimitedBefore;
        _output.WriteLine($"GUARD FIGURES [peer-session]: honest echo round trip p50/p99 before {before.P50Ms:F1}/{before.P99Ms:F1} ms " +
                          $"({before.Answered}/{before.Sent} answered), during the flood {during.P50Ms:F1}/{during.P99Ms:F1} ms " +
                          $"({during.Answered}/{during.Sent} answered); flooder: {flood.Count} sent, {delivered} delivered, {rateLimited} rate-limited, " +
                          $"blacklisted {VictimCounter("roko_ddos_blacklistings_total")} time(s)");

        Assert.True(during.Answered >= 0.9 * during.Sent, $"{during.Answered} of {during.Sent} honest echoes answered during the flood");
        Assert.True(during.P99Ms < Math.Max(10 * before.P99Ms, 1000), $"p99 {during.P99Ms:F1} ms during the flood, {before.P99Ms:F1} ms before");
        Assert.InRange(delivered, 1, flood.Count / 2);
        Assert.True(rateLimited > 0, "the flooder's excess is counted in roko_ddos_rate_limited_total{path=\"peer_session\"}");
        Assert.True(VictimCounter("roko_ddos_blacklistings_total") >= 1);
        Assert.True(Victim.Guard.IsBlacklisted(GuardSource.Node(flooder.Key.PublicKey)));
        Assert.False(Victim.Guard.IsBlacklisted(GuardSource.Node(Honest.Key.PublicKey)));
        Assert.Equal(PeerState.Established, (await VictimViewOf(Honest))?.State);
    }

    [Fact]
    public async Task A_blacklisted_peer_should_stay_refused_across_its_sessions_restart_and_its_reconnection_until_the_blacklisting_ends()
    {
        var flooder = await _network.JoinAsync("flooder-b", "127.0.0.5");
        var key = GuardSource.Node(flooder.Key.PublicKey);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(PeerState.Established, (await VictimViewOf(flooder))?.State),
            TimeSpan.FromSeconds(20));
        for (int i = 0; i < 3000; i++) flooder.Peers.Tell(new SendTo(Victim.PeerId, Message(flooder, "test/flood", i)));
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(PeerState.Blacklisted, (await VictimViewOf(flooder))?.State),
            TimeSpan.FromSeconds(15));
        var until = Victim.Guard.BlacklistedUntil(key) ?? throw new InvalidOperationException("the flooder's key is not blacklisted");
        var watch = Stopwatch.StartNew();

        // 1. The victim's session for the flooder fails and is restarted by its supervisor: the new incarnation (counters at
        // zero) refuses the flooder before any handshake; what the flooder sends now is dropped.
        var session = await Victim.System.ActorSelection(Victim.Peers.Path / PeerManager.ChildName(flooder.Address)).ResolveOne(TimeSpan.FromSeconds(5));
        session.Tell(Kill.Instance);
        await Eventually.AwaitAssertAsync(async () =>
        {
            var view = await VictimViewOf(flooder);
            Assert.Equal(PeerState.Blacklisted, view?.State);
            Assert.Equal(0, view?.EnvelopesIn);
        }, TimeSpan.FromSeconds(10));
        int deliveredBefore = Victim.Inbox.CountFrom(flooder.PeerId);
        for (int i = 0; i < 20; i++) flooder.Peers.Tell(new SendTo(Victim.PeerId, Message(flooder, "test/after-restart", i)));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(deliveredBefore, Victim.Inbox.CountFrom(flooder.PeerId));
        _output.WriteLine($"restarted session refuses the blacklisted peer {watch.Elapsed.TotalSeconds:F1} s into its blacklisting");

        // 2. The flooder comes back as a new member (same key, new port): the victim's new session refuses it once its
        // handshake proves the blacklisted key.
        await flooder.Cluster.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(15));
        flooder.Stopped = true;
        await flooder.System.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
        var returned = await _network.JoinAsync("flooder-b", "127.0.0.5");
        Assert.NotEqual(flooder.Address, returned.Address);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(PeerState.Blacklisted, (await VictimViewOf(returned))?.State),
            TimeSpan.FromSeconds(15));
        Assert.True(Victim.Guard.IsBlacklisted(key), "the new session refused the peer while its blacklisting lasted");
        _output.WriteLine($"new session refuses the reconnected peer {watch.Elapsed.TotalSeconds:F1} s into its blacklisting");

        // 3. The blacklisting ends: the new session handshakes again and the peer's messages are delivered.
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(PeerState.Established, (await VictimViewOf(returned))?.State),
            TimeSpan.FromSeconds(30));
        Assert.False(Victim.Guard.IsBlacklisted(key));
        Assert.True(NanoMoment.FromDateTime(DateTime.UtcNow) >= until, "admitted only once the blacklisting ended");
        returned.Peers.Tell(new SendTo(Victim.PeerId, Message(returned, "test/after-expiry", 1)));
        await Eventually.AwaitAssertAsync(() => Assert.Equal(1, Victim.Inbox.CountFrom(returned.PeerId)), TimeSpan.FromSeconds(10));
        _output.WriteLine($"admitted again {watch.Elapsed.TotalSeconds:F1} s after its blacklisting began");
    }

    /// <summary>
    /// The honest node's round trips through the victim: each echo request goes to the victim's session for it, which the
    /// victim answers with the same envelope through its session back; measured on the honest node's stopwatch.
    /// </summary>
    private sealed class EchoProbe
    {
        private readonly ClusterNode _from;
        private readonly ClusterNode _to;
        private readonly ConcurrentDictionary<int, long> _sentAt = new();
        private readonly ConcurrentDictionary<int, long> _answeredAt = new();
        private int _next;

        public EchoProbe(ClusterNode from, ClusterNode to)
        {
            _from = from;
            _to = to;
            from.Inbox.OnReceived = e =>
            {
                if (e.Envelope.Type == EchoType && e.From == to.PeerId) _answeredAt.TryAdd(BitConverter.ToInt32(e.Envelope.Payload), Stopwatch.GetTimestamp());
            };
        }

        public async Task<RoundTrips> MeasureAsync(int count, TimeSpan spacing)
        {
            var ids = Enumerable.Range(_next, count).ToList();
            _next += count;
            foreach (int id in ids)
            {
                var message = Message(_from, EchoType, id, MessagePriority.Consensus);
                _sentAt[id] = Stopwatch.GetTimestamp();
                _from.Peers.Tell(new SendTo(_to.PeerId, message));
                await Task.Delay(spacing);
            }
            try
            {
                await Eventually.AwaitAssertAsync(() => Assert.All(ids, id => Assert.True(_answeredAt.ContainsKey(id))), TimeSpan.FromSeconds(5));
            }
            catch (Xunit.Sdk.XunitException)
            {
                // the unanswered ones are counted below
            }
            var rtts = ids.Where(_answeredAt.ContainsKey)
                .Select(id => Nanoseconds.FromTimeSpan(Stopwatch.GetElapsedTime(_sentAt[id], _answeredAt[id])))
                .ToList();
            var summary = PeerLatencySummary.Of(rtts);
            return new RoundTrips(count, rtts.Count, (summary?.P50Nanos ?? 0) / 1e6, (summary?.P99Nanos ?? 0) / 1e6);
        }
    }

    private sealed record RoundTrips(int Sent, int Answered, double P50Ms, double P99Ms);
}
