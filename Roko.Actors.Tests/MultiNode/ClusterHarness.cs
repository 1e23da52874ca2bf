using System.Diagnostics;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using Roko.Actors.Crypto;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using Roko.Actors.Propagation;
using Xunit;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// N ActorSystems in the test process over real Akka.Remote TCP on 127.0.0.1 (free ports), each a clustered node
/// with a role, a region, a node key and a PeerManager at /user/node/peers. Links go through the throttler
/// adapter (<c>trttl</c>, test config only) so they can be blackholed and healed. Each system is created as a node
/// is, through <see cref="MutualTls.ForNode"/> (TLS when the node's config enables it). Disposing terminates them all.
/// </summary>
public sealed class ClusterHarness : IAsyncLifetime
{
    public ClusterHarness(Xunit.Abstractions.ITestOutputHelper output)
    {
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

    public const string ChainId = "roko-test";
    public static readonly Hash32 Genesis = Sha256.Hash("roko-test-genesis"u8);

    /// <summary>
    /// Timings for quick multi-node tests, shared with <see cref="ValidatorNetwork"/>: fast gossip and failure
    /// detection, loopback on free ports with the throttler adapter; the split-brain resolver waits a minute.
    /// </summary>
    internal const string TestHocon = """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          loggers = ["Roko.Actors.Tests.MultiNode.TestOutputLogger, Roko.Actors.Tests"]
          remote.dot-netty.tcp {
            port = 0
            applied-adapters = [trttl]
          }
          cluster {
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            unreachable-nodes-reaper-interval = 250ms
            failure-detector {
              heartbeat-interval = 250ms
              acceptable-heartbeat-pause = 1500ms
              expected-response-after = 500ms
            }
            split-brain-resolver.stable-after = 60s
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        roko.network.session {
          hello-interval = 200ms
          ping-interval = 200ms
          reselect-interval = 500ms
        }
        """;

    private const long ClockUncertaintyNanos = 1_000_000;

    private readonly List<ClusterNode> _nodes = [];

    public IReadOnlyList<ClusterNode> Nodes => _nodes;
    public IEnumerable<ClusterNode> Running => _nodes.Where(n => !n.Stopped);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Starts a node (not yet joined). <paramref name="hocon"/> goes on top of the test and node config;
    /// <paramref name="setup"/> turns that config into the system's setup (default <see cref="MutualTls.ForNode"/>). With
    /// <paramref name="withPropagator"/> a BlockPropagator is the PeerManager's inbound handler (the inbox still sees every envelope).
    /// <paramref name="metrics"/> are handed to the PeerManager as a node's are.
    /// </summary>
    public async Task<ClusterNode> StartAsync(string name, Region region, string role = "validator", Hash32? genesis = null, string hocon = "",
        Func<Config, ActorSystemSetup>? setup = null, bool withPropagator = false, RokoMetrics? metrics = null)
    {
        var overrides = ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.ParseString(TestHocon));
        var config = ClusterConfig.ForNode(role, region, RokoConfig.Defaults, overrides);
        var system = ActorSystem.Create("roko", (setup ?? MutualTls.ForNode)(config));
        var identity = new NodeIdentity(SigningKey.FromSeed(name), role, region, ChainId, genesis ?? Genesis, "test");
        var inbox = new Inbox();
        var inboxRef = system.ActorOf(inbox.Props(), "inbox");
        var settings = OverlaySettings.Create(system.Settings.Config);
        var clock = new AssumedUncertaintyClock(ClockUncertaintyNanos);
        var guard = new NodeGuard(settings.Ddos, clock, metrics);
        system.RegisterOnTermination(guard.Dispose);
        if (!withPropagator)
        {
            var host = system.ActorOf(NodeHost.Props(PeerManager.Props(identity, clock, settings, inboxRef, guard, metrics)), "node");
            var peers = await host.Ask<IActorRef>(NodeHost.GetPeerManager.Instance, TimeSpan.FromSeconds(5));
            return Add(new ClusterNode(name, system, region, role, identity, peers, inbox, guard: guard));
        }
        var propagation = PropagationSettings.Create(system.Settings.Config);
        var propagationHost = system.ActorOf(PropagationHost.Props(
            inbound => PeerManager.Props(identity, clock, settings, inbound, guard, metrics),
            peers => BlockPropagator.Props(identity.Key, clock, peers, propagation, seed: _nodes.Count + 1),
            inboxRef), "node");
        var children = await propagationHost.Ask<PropagationHost.Children>(PropagationHost.GetChildren.Instance, TimeSpan.FromSeconds(5));
        return Add(new ClusterNode(name, system, region, role, identity, children.Peers, inbox, children.Propagator, guard));
    }

    private ClusterNode Add(ClusterNode node)
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Joins every node to the first one and waits until all of them see all of them Up.</summary>
    public async Task<TimeSpan> JoinAllAsync(TimeSpan? within = null)
    {
        var watch = Stopwatch.StartNew();
        var seed = _nodes[0].Address;
        foreach (var node in _nodes) node.Cluster.Join(seed);
        await AwaitUpAsync(_nodes, within ?? TimeSpan.FromSeconds(20));
        return watch.Elapsed;
    }

    public static Task<TimeSpan> AwaitUpAsync(IReadOnlyCollection<ClusterNode> nodes, TimeSpan within) =>
        Eventually.AwaitAssertAsync(() =>
        {
            foreach (var node in nodes)
            {
                var up = node.Cluster.State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet();
                Assert.All(nodes, other => Assert.Contains(other.Address, up));
            }
        }, within);

    /// <summary>Waits until every running node has every other running node Established in its peer list.</summary>
    public Task<TimeSpan> AwaitSessionsAsync(TimeSpan within) =>
        Eventually.AwaitAssertAsync(async () =>
        {
            var running = Running.ToList();
            foreach (var node in running)
            {
                var peers = await node.PeerListAsync();
                foreach (var other in running.Where(o => o != node))
                    Assert.Contains(peers, p => p.Id == other.PeerId && p.State == PeerState.Established);
            }
        }, within);

    /// <summary>Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both ways, at both ends.</summary>
    public static Task BlackholeAsync(ClusterNode a, ClusterNode b) => ThrottleAsync(a, b, Blackhole.Instance);

    public static Task HealAsync(ClusterNode a, ClusterNode b) => ThrottleAsync(a, b, Unthrottled.Instance);

    private static async Task ThrottleAsync(ClusterNode a, ClusterNode b, ThrottleMode mode)
    {
        Assert.True(await Transport(a).ManagementCommand(new SetThrottle(b.Address, ThrottleTransportAdapter.Direction.Both, mode)));
        Assert.True(await Transport(b).ManagementCommand(new SetThrottle(a.Address, ThrottleTransportAdapter.Direction.Both, mode)));
    }

    private static RemoteTransport Transport(ClusterNode node) =>
        ((RemoteActorRefProvider)((ExtendedActorSystem)node.System).Provider).Transport;

    /// <summary>Stops a node without leaving: cuts every link to it, then terminates its system.</summary>
    public async Task StopAbruptlyAsync(ClusterNode node)
    {
        foreach (var other in Running.Where(o => o != node)) await BlackholeAsync(node, other);
        node.Stopped = true;
        await node.System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(async n =>
        {
            try
            {
                await n.System.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                // a system that cannot stop in time is abandoned; the test process ends it
            }
        }));
    }
}
