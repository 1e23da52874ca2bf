using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Propagation.Bench;

/// <summary>
/// Runs <c>roko bench gossip</c>: N ActorSystems in this process form a cluster over loopback TCP (regions round-robin
/// na, eu, apac; WAN emulation when asked), each with a PeerManager and a BlockPropagator whose strategy for blocks
/// is the one under test. Once every session is established, active and measured, random nodes originate blocks at a
/// steady pace; every node's application notes its deliveries on one host clock.
/// </summary>
public static class GossipBenchRunner
{
    private const string ChainId = "roko-bench";
    private const string Version = "bench";
    private const long ClockUncertaintyNanos = 1 * Nanoseconds.PerMillisecond;
    private const MessageKind Kind = MessageKind.Block;
    /// <summary>Peer refreshes waited after the sessions are ready, so every propagator has seen the whole active set.</summary>
    private const int PeerRefreshesBeforeStart = 2;
    private static readonly Hash32 Genesis = Sha256.Hash("roko-bench-genesis"u8);
    private static readonly Region[] Regions = [Region.NorthAmerica, Region.Europe, Region.AsiaPacific];
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ClusterUpWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PeersReadyWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(20);
    /// <summary>After the last first-delivery: time for late duplicates to arrive and be counted.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TerminateWithin = TimeSpan.FromSeconds(15);

    /// <summary>Quick cluster and session timings so a bench starts in seconds; the strategy and WAN are set per run.</summary>
    private const string BenchHocon = """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
          cluster {
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            failure-detector {
              heartbeat-interval = 250ms
              acceptable-heartbeat-pause = 5s
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
        roko.propagation.peer-refresh = 250ms
        """;

    private sealed record BenchNode(ActorSystem System, IActorRef Host, IActorRef Peers, IActorRef Propagator, RokoMetrics Metrics);

    public static async Task<GossipBenchSummary> RunAsync(GossipBenchOptions options, TextWriter progress, CancellationToken cancel)
    {
        if (options.Nodes < GossipBenchOptions.MinimumNodes) throw new ArgumentOutOfRangeException(nameof(options), "at least two nodes");
        if (options.Messages < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one message");
        var log = new DeliveryLog(options.Nodes, options.Messages);
        var nodes = new List<BenchNode>();
        try
        {
            for (int i = 0; i < options.Nodes; i++) nodes.Add(await StartNodeAsync(i, options, log));
            var seed = Cluster.Get(nodes[0].System).SelfAddress;
            foreach (var node in nodes) Cluster.Get(node.System).Join(seed);
            await AwaitAsync(() => Task.FromResult(AllUp(nodes)), ClusterUpWithin, "all members Up", cancel);
            progress.WriteLine($"bench gossip: {options.Nodes} nodes Up; waiting for peer sessions and RTTs");
            await AwaitAsync(() => AllPeersReadyAsync(nodes), PeersReadyWithin, "every peer session established, active and measured", cancel);
            var refresh = PropagationSettings.Create(nodes[0].System.Settings.Config).PeerRefresh;
            await Task.Delay(refresh * PeerRefreshesBeforeStart, cancel);

            progress.WriteLine($"bench gossip: originating {options.Messages} messages ({options.Strategy}, wan {(options.Wan ? "on" : "off")})");
            var watch = Stopwatch.StartNew();
            var sentBefore = nodes.Select(n => n.Metrics.Sent).ToList();
            await OriginateAsync(nodes, options, log, cancel);
            int expected = options.Nodes * options.Messages;
            await AwaitAsync(() => Task.FromResult(log.FirstDeliveries >= expected), DrainWithin, "every delivery", cancel, throwOnTimeout: false);
            var duration = watch.Elapsed;
            await Task.Delay(Settle, cancel);

            var totals = PropagationTotals.Zero;
            for (int i = 0; i < nodes.Count; i++)
            {
                var s = await nodes[i].Propagator.Ask<PropagationStats>(GetPropagationStats.Instance, AskTimeout, cancel);
                var sent = nodes[i].Metrics.Sent - sentBefore[i];
                totals = totals.Plus(s.Originated, s.Delivered, s.Duplicates, sent.Envelopes, sent.WireBytes);
            }
            return GossipBenchStatistics.Summarize(options, log, totals, Stopwatch.Frequency, duration);
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => StopOverlayAsync(n.Host)));
            await Task.WhenAll(nodes.Select(n => TerminateAsync(n.System)));
            foreach (var node in nodes) node.Metrics.Dispose();
        }
    }

    private static async Task<BenchNode> StartNodeAsync(int index, GossipBenchOptions options, DeliveryLog log)
    {
        var region = Regions[index % Regions.Length];
        string perRun = $"""
            roko.propagation.strategies.{BlockPropagator.TypeOf(Kind)} = {options.Strategy.ToString().ToLowerInvariant()}
            roko.network.wan.enabled = {(options.Wan ? "on" : "off")}
            roko.network.wan.seed = {options.Seed + index}
            """;
        var overrides = ConfigurationFactory.ParseString(perRun).WithFallback(ConfigurationFactory.ParseString(BenchHocon));
        var system = ActorSystem.Create("roko", ClusterConfig.ForNode("validator", region, RokoConfig.Defaults, overrides));
        var identity = new NodeIdentity(SigningKey.FromSeed($"bench-node-{index}"), "validator", region, ChainId, Genesis, Version);
        var clock = new AssumedUncertaintyClock(ClockUncertaintyNanos);
        var overlay = OverlaySettings.Create(system.Settings.Config);
        var propagation = PropagationSettings.Create(system.Settings.Config);
        var metrics = new RokoMetrics($"bench-node-{index}");
        var guard = new NodeGuard(overlay.Ddos, clock, metrics);
        system.RegisterOnTermination(guard.Dispose);
        var host = system.ActorOf(PropagationHost.Props(
            inbound => PeerManager.Props(identity, clock, overlay, inbound, guard, metrics),
            peers => BlockPropagator.Props(identity.Key, clock, peers, propagation, options.Seed + index)), "node");
        var children = await host.Ask<PropagationHost.Children>(PropagationHost.GetChildren.Instance, AskTimeout);
        var recorder = system.ActorOf(DeliveryRecorder.Props(log, index), "bench-recorder");
        children.Propagator.Tell(new Subscribe(Kind, recorder));
        return new BenchNode(system, host, children.Peers, children.Propagator, metrics);
    }

    private static bool AllUp(IReadOnlyList<BenchNode> nodes)
    {
        var addresses = nodes.Select(n => Cluster.Get(n.System).SelfAddress).ToList();
        return nodes.All(n =>
        {
            var up = Cluster.Get(n.System).State.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address).ToHashSet();
            return addresses.All(up.Contains);
        });
    }

    private static async Task<bool> AllPeersReadyAsync(IReadOnlyList<BenchNode> nodes)
    {
        foreach (var node in nodes)
        {
            var peers = (await node.Peers.Ask<CurrentPeers>(GetPeers.Instance, AskTimeout)).Peers;
            int ready = peers.Count(p => p is { State: PeerState.Established, Active: true, RttSmoothedNanos: not null });
            if (ready < nodes.Count - 1) return false;
        }
        return true;
    }

    private static async Task OriginateAsync(IReadOnlyList<BenchNode> nodes, GossipBenchOptions options, DeliveryLog log, CancellationToken cancel)
    {
        var random = new Random(options.Seed);
        var pace = Stopwatch.StartNew();
        for (int m = 0; m < options.Messages; m++)
        {
            var due = options.MessageInterval * m;
            if (due > pace.Elapsed) await Task.Delay(due - pace.Elapsed, cancel);
            int origin = random.Next(nodes.Count);
            var payload = BenchPayload.For(m, random);
            log.Originated(m, origin, Stopwatch.GetTimestamp());
            nodes[origin].Propagator.Tell(new Propagate(Kind, payload));
        }
    }

    private static async Task AwaitAsync(Func<Task<bool>> condition, TimeSpan within, string what, CancellationToken cancel, bool throwOnTimeout = true)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                if (throwOnTimeout) throw new TimeoutException($"bench gossip: no {what} within {within.TotalSeconds:F0} s");
                return;
            }
            await Task.Delay(PollInterval, cancel);
        }
    }

    /// <summary>Peer sessions stop before any system terminates, so none pings a peer whose remoting is already gone.</summary>
    private static async Task StopOverlayAsync(IActorRef host)
    {
        try
        {
            await host.GracefulStop(TerminateWithin);
        }
        catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
        {
            // not stopped in time: terminating its system stops it
        }
    }

    private static async Task TerminateAsync(ActorSystem system)
    {
        try
        {
            await system.Terminate().WaitAsync(TerminateWithin);
        }
        catch (TimeoutException)
        {
            // an ActorSystem that cannot stop in time is left to the process exit
        }
    }
}
