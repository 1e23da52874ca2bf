using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using Roko.Actors.Consensus;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Support;
using Roko.Actors.Verification;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// N real validators (<see cref="RokoNode"/>s, one ActorSystem each, Akka.Remote TCP on 127.0.0.1 free ports) on a
/// devnet genesis in a temp directory, with fast consensus timings and the throttler adapter (<c>trttl</c>, test
/// config only) so links can be blackholed and healed. Node 0 forms the cluster, the others join it, as in
/// <see cref="DevnetRunner"/>. Disposing terminates every system and deletes the directory.
/// </summary>
public sealed class ValidatorNetwork : IAsyncLifetime
{
    public static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Test timings over <see cref="ClusterHarness.TestHocon"/> (fast gossip and failure detection; the split-brain
    /// resolver waits 60 s, cluster.conf 20 s, so a partition heals before it downs either side): 300 ms blocks, short
    /// consensus timeouts and re-sends, and abrupt stops.
    /// </summary>
    internal const string TestHocon = UnsynchronizedHost.ClockHocon + """
        akka {
          # Terminating a system is an abrupt stop (no cluster leave, no 10 s cluster-exiting timeout over cut links).
          coordinated-shutdown {
            run-by-clr-shutdown-hook = off
            run-by-actor-system-terminate = off
          }
        }
        roko {
          chain.block-interval = 300ms
          consensus {
            resend-interval = 300ms
            timeout-propose = 600ms
            timeout-propose-delta = 100ms
            timeout-prevote = 200ms
            timeout-prevote-delta = 100ms
            timeout-precommit = 200ms
            timeout-precommit-delta = 100ms
          }
          network.wan.enabled = off
          # Every node probes from 127.0.0.1: one source on each node's time-probe port (24 datagrams/s per peer at 250 ms).
          network.ddos.time-probe { rate-per-second = 1000, burst = 2000 }
          # Many nodes share the test process: no HTTP API unless a spec turns it on (with port 0).
          http.enabled = off
        }
        """;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _dir = new();
    private readonly List<Validator> _nodes = [];

    public ValidatorNetwork(ITestOutputHelper output)
    {
        Output = output;
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

    public ITestOutputHelper Output { get; }
    public Genesis Genesis { get; private set; } = null!;
    public DevnetLayout Layout => new(_dir.Path);
    public IReadOnlyList<Validator> Nodes => _nodes;
    public IEnumerable<Validator> Running => _nodes.Where(n => !n.Stopped);

    /// <summary>One validator of the network and the blocks it committed (recorded from its event stream).</summary>
    public sealed class Validator(int index, RokoNode node)
    {
        public int Index { get; } = index;
        public RokoNode Node { get; } = node;
        public bool Stopped { get; internal set; }
        public ConcurrentDictionary<ulong, Block> Committed { get; } = new();
        public ConcurrentQueue<DuplicateVoteEvidence> Evidence { get; } = new();
        /// <summary>Peer answers its block sync refused, from its start on.</summary>
        public ConcurrentQueue<Roko.Actors.Sync.BlockSyncProtocol.PeerAnswerRefused> SyncRefusals { get; } = new();
        public override string ToString() => DevnetLayout.ValidatorName(Index);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Creates a genesis for <paramref name="validators"/> validators (regions round-robin na, eu, apac, ...), starts
    /// them, forms the cluster and waits until every node is ready and every node sees every other Up.
    /// <paramref name="clockOf"/> may give a node its own clock (null: the node's disciplined clock over roko.clock);
    /// <paramref name="hocon"/> is layered over the test config of every node, <paramref name="hoconOf"/> over one node's
    /// (e.g. its roko.clock).
    /// </summary>
    public async Task<TimeSpan> StartAsync(int validators, Func<int, IClock?>? clockOf = null, Config? hocon = null,
        Func<int, string?>? hoconOf = null, int? running = null)
    {
        var watch = Stopwatch.StartNew();
        _hoconOf = hoconOf;
        _baseConfig = (hocon ?? Config.Empty).WithFallback(ConfigurationFactory.ParseString(TestHocon))
            .WithFallback(ConfigurationFactory.ParseString(ClusterHarness.TestHocon));
        var genesisSettings = GenesisSettings.Create(ConfigurationFactory.ParseString("roko.genesis { chain-id = \"roko-specs\", accounts = 2 }")
            .WithFallback(_baseConfig).WithFallback(RokoConfig.Defaults));
        Genesis = Layout.Create(validators, genesisSettings, NanoMoment.FromDateTime(DateTime.UtcNow));
        for (int i = 0; i < (running ?? validators); i++) _nodes.Add(StartNode(i, clockOf?.Invoke(i)));
        _nodes[0].Node.JoinSelf();
        foreach (var node in _nodes.Skip(1)) node.Node.Join([_nodes[0].Node.Address]);
        foreach (var node in _nodes) await node.Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        await AwaitAllUpAsync();
        return watch.Elapsed;
    }

    /// <summary>
    /// Starts validator <paramref name="index"/> of the genesis (one left out of <see cref="StartAsync"/> by its
    /// <c>running</c> count) from its own, empty data directory, joins it to the running nodes and waits until all are Up.
    /// </summary>
    public async Task<Validator> StartLateAsync(int index, IClock? clock = null)
    {
        var node = StartNode(index, clock);
        _nodes.Add(node);
        node.Node.Join([Running.First().Node.Address]);
        await node.Node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        await AwaitAllUpAsync();
        return node;
    }

    /// <summary>
    /// Starts an abruptly stopped validator again on its own data directory (its journal as it left it): a running node
    /// downs the old incarnation (what the split-brain resolver does after its stable-after; the tests' 60 s is longer
    /// than a spec should wait), then the new one joins as in <see cref="StartLateAsync"/>.
    /// </summary>
    public async Task<Validator> RestartAsync(Validator stopped)
    {
        Assert.True(stopped.Stopped, $"{stopped} is still running");
        var address = stopped.Node.Address;
        Cluster.Get(Running.First().Node.System).Down(address);
        await Eventually.AwaitAssertAsync(() => Assert.All(Running, n =>
            Assert.DoesNotContain(Cluster.Get(n.Node.System).State.Members, m => m.Address == address)), TimeSpan.FromSeconds(20));
        return await StartLateAsync(stopped.Index);
    }

    private Config _baseConfig = Config.Empty;

    /// <summary>
    /// What every validator of this network sets itself, without roko.conf (for other nodes a spec runs beside them:
    /// <see cref="RokoNode.Start"/> layers it over the node's role file and roko.conf).
    /// </summary>
    public Config BaseConfig => _baseConfig;
    private Func<int, string?>? _hoconOf;

    private Validator StartNode(int index, IClock? clock)
    {
        string name = DevnetLayout.ValidatorName(index);
        var config = ConfigurationFactory.ParseString($"""
            roko.node.name = {RokoConfig.Quote(name)}
            roko.node.role = validator
            roko.node.region = {DevnetLayout.RegionOf(index)}
            roko.node.data-dir = {RokoConfig.Quote(Layout.NodeDir(name))}
            {_hoconOf?.Invoke(index) ?? ""}
            """).WithFallback(_baseConfig);
        var node = new Validator(index, RokoNode.Start(config, clock));
        node.Node.System.ActorOf(Props.Create(() => new CommitRecorder(node)), "commit-recorder");
        return node;
    }

    private Task AwaitAllUpAsync() => Eventually.AwaitAssertAsync(() =>
    {
        foreach (var node in Running)
        {
            var up = Cluster.Get(node.Node.System).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet();
            Assert.All(Running, other => Assert.Contains(other.Node.Address, up));
        }
    }, TimeSpan.FromSeconds(20));

    /// <summary>The committed height of a node, asked from its guardian.</summary>
    public static async Task<ulong> HeightAsync(Validator node)
    {
        var status = await node.Node.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout);
        return status.Tip!.Height;
    }

    public async Task<ulong[]> HeightsAsync(IEnumerable<Validator>? nodes = null)
    {
        var heights = new List<ulong>();
        foreach (var node in nodes ?? Running) heights.Add(await HeightAsync(node));
        return [.. heights];
    }

    /// <summary>Waits until every one of <paramref name="nodes"/> (default: the running ones) reached <paramref name="height"/>.</summary>
    public Task<TimeSpan> AwaitHeightAsync(ulong height, TimeSpan within, IEnumerable<Validator>? nodes = null)
    {
        var list = (nodes ?? Running).ToList();
        return Eventually.AwaitAssertAsync(async () =>
        {
            var heights = await HeightsAsync(list);
            Assert.True(heights.All(h => h >= height), $"heights [{string.Join(", ", heights)}], waiting for {height}");
        }, within, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>
    /// Watches <paramref name="nodes"/> for <paramref name="period"/> and returns their heights at the start and the end;
    /// for asserting that nothing is finalized (an absence cannot be awaited, only observed for a while).
    /// </summary>
    public async Task<(ulong[] Before, ulong[] After)> ObserveHeightsAsync(IReadOnlyList<Validator> nodes, TimeSpan period)
    {
        var before = await HeightsAsync(nodes);
        await Task.Delay(period);
        return (before, await HeightsAsync(nodes));
    }

    /// <summary>The height, round and step the node's consensus is in.</summary>
    public static Task<ConsensusDriverProtocol.CurrentConsensusState> ConsensusStateAsync(Validator node) =>
        node.Node.System.ActorSelection("/user/node/consensus")
            .Ask<ConsensusDriverProtocol.CurrentConsensusState>(ConsensusDriverProtocol.GetConsensusState.Instance, AskTimeout);

    /// <summary>Drops all traffic between the two groups, both ways, at both ends of every link.</summary>
    public Task BlackholeAsync(IEnumerable<Validator> a, IEnumerable<Validator> b) => ThrottleAsync(a, b, Blackhole.Instance);

    public Task HealAsync(IEnumerable<Validator> a, IEnumerable<Validator> b) => ThrottleAsync(a, b, Unthrottled.Instance);

    private static async Task ThrottleAsync(IEnumerable<Validator> a, IEnumerable<Validator> b, ThrottleMode mode)
    {
        var right = b.ToList();
        foreach (var x in a)
            foreach (var y in right)
            {
                Assert.True(await Transport(x).ManagementCommand(new SetThrottle(y.Node.Address, ThrottleTransportAdapter.Direction.Both, mode)));
                Assert.True(await Transport(y).ManagementCommand(new SetThrottle(x.Node.Address, ThrottleTransportAdapter.Direction.Both, mode)));
            }
    }

    private static RemoteTransport Transport(Validator node) =>
        ((RemoteActorRefProvider)((ExtendedActorSystem)node.Node.System).Provider).Transport;

    /// <summary>Stops a node without leaving the cluster: cuts every link to it, then terminates its system.</summary>
    public async Task StopAbruptlyAsync(Validator node)
    {
        await BlackholeAsync([node], Running.Where(o => o != node));
        node.Stopped = true;
        await node.Node.System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Stops every node still running, then re-checks every node's chain.db from genesis with <see cref="ChainVerifier"/>
    /// and compares every pair of chains: each must be valid and no two may hold different blocks at one height.
    /// </summary>
    public async Task<IReadOnlyList<ChainVerdict>> StopAndVerifyChainsAsync()
    {
        await TerminateAllAsync();
        var verdicts = _nodes.Select(n => ChainVerifier.Verify(n.ToString(), Genesis,
            ChainJournal.ReadFile(n.Node.Settings.DatabasePath, Genesis.ChainId))).ToList();
        foreach (var verdict in verdicts) Output.WriteLine(verdict.ToString());
        Assert.All(verdicts, v => Assert.True(v.IsValid, v.ToString()));
        for (int i = 0; i < verdicts.Count; i++)
            for (int j = i + 1; j < verdicts.Count; j++)
                Assert.True(ChainVerifier.FirstDivergence(verdicts[i], verdicts[j]) is null,
                    $"{verdicts[i].Chain} and {verdicts[j].Chain} diverge at height {ChainVerifier.FirstDivergence(verdicts[i], verdicts[j])}");
        return verdicts;
    }

    private async Task TerminateAllAsync()
    {
        await Task.WhenAll(_nodes.Select(async n =>
        {
            n.Stopped = true;
            try
            {
                await n.Node.System.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // a system that cannot stop in time is abandoned; the test process ends it
            }
        }));
    }

    public async Task DisposeAsync()
    {
        await TerminateAllAsync();
        foreach (var node in _nodes) node.Node.Services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    /// <summary>Records every block its node commits, every double signing it detects and every peer answer its block sync refuses.</summary>
    private sealed class CommitRecorder : ReceiveActor
    {
        public CommitRecorder(Validator node)
        {
            Receive<ChainStoreProtocol.BlockCommitted>(e => node.Committed[e.Block.Height] = e.Block);
            Receive<ConsensusDriverProtocol.EvidenceDetected>(e => node.Evidence.Enqueue(e.Evidence));
            Receive<Roko.Actors.Sync.BlockSyncProtocol.PeerAnswerRefused>(r => node.SyncRefusals.Enqueue(r));
        }

        protected override void PreStart()
        {
            Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
            Context.System.EventStream.Subscribe(Self, typeof(ConsensusDriverProtocol.EvidenceDetected));
            Context.System.EventStream.Subscribe(Self, typeof(Roko.Actors.Sync.BlockSyncProtocol.PeerAnswerRefused));
        }
    }
}
