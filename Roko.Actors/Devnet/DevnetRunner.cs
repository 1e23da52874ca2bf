using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using static Roko.Actors.Devnet.LoadGeneratorProtocol;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Devnet;

/// <summary>What `roko devnet` was asked for; null means "the HOCON default (roko.devnet), or what the existing data dir holds".</summary>
/// <paramref name="HttpPort"/>: node i serves the HTTP API on this port + i (validators first, then archives); 0 lets every
/// node pick a free port. <paramref name="Archives"/>: archive nodes joined to the network (see <see cref="DevnetArchiveNodes"/>).
/// <paramref name="Light"/>: light nodes following the validators through ClusterClient (see <see cref="DevnetLightNodes"/>).
/// <paramref name="Overrides"/>: HOCON applied over the devnet config for every node (`--set PATH=VALUE`), or null.
public sealed record DevnetOptions(string DataDir, int? Validators, TimeSpan? Duration, double? TxRate, bool? Wan = null, int? HttpPort = null,
    int? Archives = null, int? Light = null, string? Overrides = null);

public sealed class DevnetException(string message) : Exception(message);

/// <summary>
/// The main job: creates (or continues) a local network in one directory, starts its nodes in this process,
/// drives a signed transfer load, reports progress, and summarises what was finalized.
/// </summary>
public static class DevnetRunner
{
    private static readonly TimeSpan NodeStartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FinalReportTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan ClockSyncTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FirstBlockTimeout = TimeSpan.FromSeconds(60);
    /// <summary>How long a node stopping with the rest may take to see its own Down (a gossip round; seconds under load).</summary>
    private static readonly TimeSpan DownSeenWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DownSeenPoll = TimeSpan.FromMilliseconds(10);
    private const int LoadSeed = 20261122;

    /// <summary>
    /// Runs the devnet until <paramref name="cancel"/> or the duration. With <paramref name="onSnapshot"/> the running network is
    /// reported as a <see cref="DevnetSnapshot"/> every roko.devnet.live-refresh (the live view); without it, as progress lines.
    /// </summary>
    public static async Task<DevnetSummary> RunAsync(DevnetOptions options, TextWriter progress, CancellationToken cancel,
        Action<DevnetSnapshot>? onSnapshot = null, string? logFile = null)
    {
        // devnet.conf over roko.conf: simulated clocks, no time card required, faster time sync, devnet alert thresholds.
        var own = DevnetConfig.Own(options.Overrides);
        var config = DevnetConfig.Load(options.Overrides);
        var clocks = DevnetClockSettings.Create(config);
        var devnet = DevnetSettings.Create(config);
        var defaults = DevnetDefaults.Create(config);
        var layout = new DevnetLayout(options.DataDir);
        var plan = DevnetPlan.Resolve(options, defaults, devnet, layout.Exists ? layout.LoadGenesis().Validators.Length : null);
        var genesis = OpenOrCreate(layout, plan, config, progress);

        var nodes = new List<RokoNode>();
        var archives = new List<RokoNode>();
        DevnetLightNodes? lights = null;
        try
        {
            for (int i = 0; i < genesis.Validators.Length; i++) nodes.Add(StartValidator(layout, i, own, plan, clocks));
            nodes[0].JoinSelf();
            foreach (var node in nodes.Skip(1)) node.Join([nodes[0].Address]);
            for (int j = 0; j < plan.Archives; j++)
            {
                var archive = DevnetArchiveNodes.Start(layout, genesis, j, own, plan, clocks);
                archives.Add(archive);
                archive.Join([nodes[0].Address]);
            }
            var statuses = new List<NodeStatus>();
            foreach (var node in nodes) statuses.Add(await node.WaitUntilReadyAsync(NodeStartTimeout, cancel));
            foreach (var archive in archives) await archive.WaitUntilReadyAsync(NodeStartTimeout, cancel);
            await WaitForClocks([.. nodes, .. archives], progress, cancel);
            // The load starts once every validator has committed a block: the network is live, not still connecting.
            ulong startHeight = await WaitForFirstBlock(nodes, statuses.Max(s => s.Tip!.Height), progress, cancel);
            progress.WriteLine($"devnet: {nodes.Count} validator(s) and {archives.Count} archive(s) ready at height {startHeight}; WAN emulation " +
                               $"{(plan.Wan ? "on" : "off")}; chain {genesis.ChainId}, data in {layout.Root}");
            progress.WriteLine(Network.Tls.TlsSettings.Create(config).Enabled
                ? "devnet: mutual TLS between nodes on (roko.network.tls)"
                : "devnet: mutual TLS between nodes off: nodes on loopback trust each other unauthenticated (deploy/k8s and deploy/systemd run with it on)");
            foreach (var node in nodes.Concat(archives).Where(n => n.HttpAddress is not null))
                progress.WriteLine($"devnet: {node.Settings.Name} HTTP API at {node.HttpAddress} (dashboard: {node.HttpAddress}dashboard)");

            lights = await DevnetLightNodes.StartAsync(plan.Light, layout, nodes, progress, cancel);
            double rate = plan.TxRate;
            var accounts = layout.LoadAccountKeys();
            var first = nodes[0];
            // Straight to the validators' mempools, not through their guardians.
            IActorRef[] targets = devnet.LoadTargets == LoadTargets.All ? [.. statuses.Select(s => s.Mempool!)] : [statuses[0].Mempool!];
            var generator = first.System.ActorOf(LoadGenerator.Props(genesis.ChainId, accounts, targets, first.Services.Clock,
                rate, devnet.LoadTick, LoadSeed), "load");
            foreach (var node in nodes.Concat(archives)) node.System.ActorOf(ChainObserver.Props(node.Settings.Name, generator), "observer");

            var elapsed = Stopwatch.StartNew();
            var sentAtLoadStart = FramesSentBy(nodes);
            var duration = options.Duration ?? Timeout.InfiniteTimeSpan;
            if (onSnapshot is null)
                await RunUntil(elapsed, duration, devnet.ProgressInterval, generator, startHeight, archives, progress, cancel);
            else
                await DevnetLiveLoop.RunAsync(new DevnetMonitor(genesis.ChainId, nodes, archives, generator, plan, startHeight, layout.Root, logFile),
                    elapsed, duration, defaults.LiveRefresh, onSnapshot, cancel);
            generator.Tell(StopLoad.Instance);
            // Stopped by a signal, the run reports at once: what is still pending is reported as pending, not waited for.
            var settle = cancel.IsCancellationRequested ? TimeSpan.Zero : devnet.SettleTime;
            double settleBefore = Math.Max(0, elapsed.Elapsed.TotalMilliseconds - devnet.SettleTime.TotalMilliseconds);
            await Drain(generator, settle);

            // Asked together: on a loaded machine each answer waits for its node's next turn.
            double seconds = elapsed.Elapsed.TotalSeconds;
            var summarising = Stopwatch.StartNew();
            var reporting = Named(generator.Ask<LoadReport>(new GetLoadReport(settleBefore), FinalReportTimeout), "the load generator", FinalReportTimeout);
            var lightSummarising = lights.SummariesAsync();
            var tips = await TipsAsync(nodes);
            var archiveSummaries = await DevnetArchiveSummary.CollectAsync(archives, tips.Min(t => t.Tip.Height), settle);
            // The chain goes on after the load stops: asked after the archives, the validators' heights are never behind
            // what an archive indexed from them, so the summary is one consistent picture.
            if (archives.Count > 0) tips = await TipsAsync(nodes);
            ulong finalized = tips.Min(t => t.Tip.Height);
            var report = await reporting;
            var lightSummaries = await lightSummarising;
            var wire = DevnetWireSummary.Of(nodes[0].Services.OverlaySettings.Compression.Enabled, FramesSentBy(nodes) - sentAtLoadStart, report.Finalized);
            progress.WriteLine($"devnet: run of {seconds:F1} s summarised in {summarising.Elapsed.TotalSeconds:F1} s");
            return new DevnetSummary(
                genesis.ChainId,
                [.. tips.Select(t => new DevnetNodeSummary(t.Node.Settings.Name, t.Node.Settings.Role.ToString().ToLowerInvariant(),
                    t.Node.Settings.Region, t.Node.Settings.DataDir, t.Tip.Height, t.Tip.LastBlockHash.ToString(), DevnetNodeClock.Of(t.Node))),
                 .. archiveSummaries, .. lightSummaries],
                startHeight,
                finalized,
                report.Blocks,
                report.Submitted, report.Finalized, report.Rejected, report.Pending,
                report.SubmittedBeforeSettle, report.FinalizedBeforeSettle, report.RejectionsByReason,
                Math.Round(report.FinalityP50Ms, 1), Math.Round(report.FinalityP99Ms, 1),
                seconds > 0 ? Math.Round(report.Finalized / seconds, 1) : 0,
                report.Forks,
                Math.Round(report.BlockTimeP50Ms, 1),
                Math.Round(report.RoundsPerHeightMean, 3),
                Math.Round(seconds, 2),
                wire,
                Math.Round(report.MaxBlockGapMs, 1),
                report.RefusedByReason,
                report.DroppedAfterAcceptanceByReason);
        }
        finally
        {
            var stopping = Stopwatch.StartNew();
            var stopped = await StopAllAsync(lights, [.. archives, .. nodes]);
            progress.WriteLine($"devnet: {nodes.Count + archives.Count} node(s) stopped in {stopping.Elapsed.TotalSeconds:F1} s" + (stopped.Slowest is null ? "" :
                               $" (all saw their Down after {stopped.DownSeen.TotalSeconds:F1} s; the slowest, {stopped.Slowest}, took {stopped.SlowestTook.TotalSeconds:F1} s)"));
        }
    }

    /// <summary>
    /// Stops the whole network at once: each node downs itself and runs its CoordinatedShutdown (HTTP API unbound, pending
    /// transactions reported, journal closed, ports freed). With every member going there is no one to hand over to, so
    /// the nodes do not leave one another gracefully: Leaving → Exiting waits for the members to converge (gossip rounds,
    /// seconds on a loaded machine), one node after another paid that per node, and members leaving together could
    /// outlive the leader that was to move them to Exiting and wait out cluster-exiting's 10 s.
    /// Each node's shutdown starts only once its own cluster sees it Down: started earlier, Akka's cluster-exiting tasks
    /// ask the singleton manager that the Down has just stopped, and wait out the phase's 10 s for an answer that never
    /// comes. A downed member then shuts its cluster down once the other downed members saw the news, or after four
    /// leader-action ticks (devnet.conf's gossip-interval and leader-actions-interval bound that).
    /// </summary>
    private static async Task<NetworkStop> StopAllAsync(DevnetLightNodes? lights, IReadOnlyList<RokoNode> nodes)
    {
        var stopping = Stopwatch.StartNew();
        var running = nodes.Where(n => !n.System.WhenTerminated.IsCompleted).ToList();
        foreach (var node in running)
            Cluster.Get(node.System).Down(node.Address);
        await Task.WhenAll(running.Select(SeesItselfDownAsync));
        var downSeen = stopping.Elapsed;
        var stops = nodes.Select(async n =>
        {
            var took = Stopwatch.StartNew();
            await n.DisposeAsync();
            return (n.Settings.Name, Took: took.Elapsed);
        }).ToList();
        if (lights is not null)
            stops.Add(Task.Run(async () =>
            {
                var took = Stopwatch.StartNew();
                await lights.DisposeAsync();
                return (Name: "the light node(s)", Took: took.Elapsed);
            }));
        var took = await Task.WhenAll(stops);
        if (took.Length == 0) return new NetworkStop(downSeen, null, TimeSpan.Zero);
        var slowest = took.MaxBy(s => s.Took);
        return new NetworkStop(downSeen, slowest.Name, slowest.Took);
    }

    /// <summary>How a network's stop went, for its log line; <see cref="Slowest"/> is null when nothing had started.</summary>
    private readonly record struct NetworkStop(TimeSpan DownSeen, string? Slowest, TimeSpan SlowestTook);

    /// <summary>Completes when <paramref name="node"/>'s cluster has it Down (or has shut down), or after <see cref="DownSeenWithin"/>.</summary>
    private static async Task SeesItselfDownAsync(RokoNode node)
    {
        var cluster = Cluster.Get(node.System);
        var waited = Stopwatch.StartNew();
        while (!cluster.IsTerminated && cluster.SelfMember.Status != MemberStatus.Down && waited.Elapsed < DownSeenWithin)
            await Task.Delay(DownSeenPoll);
    }

    /// <summary>Every validator's tip for the summary, asked together: on a loaded machine each answer waits for its node's next turn.</summary>
    private static async Task<List<(RokoNode Node, LedgerState Tip)>> TipsAsync(IReadOnlyList<RokoNode> nodes)
    {
        var statuses = await Task.WhenAll(nodes.Select(n =>
            Named(n.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout), n.Settings.Name, AskTimeout)));
        return [.. nodes.Zip(statuses, (node, status) => (node, status.Tip!))];
    }

    /// <summary>An answer for the summary; one that does not come in time fails the run naming who did not answer.</summary>
    private static async Task<T> Named<T>(Task<T> asking, string who, TimeSpan timeout)
    {
        try
        {
            return await asking;
        }
        catch (AskTimeoutException)
        {
            throw new DevnetException($"{who} did not answer within {timeout.TotalSeconds:F0} s for the summary (is the machine overloaded?)");
        }
    }

    private static Monitoring.FramesSent FramesSentBy(IEnumerable<RokoNode> validators) =>
        validators.Aggregate(default(Monitoring.FramesSent), (sum, node) => sum + node.Services.Metrics.Sent);

    private static Genesis OpenOrCreate(DevnetLayout layout, DevnetPlan plan, Akka.Configuration.Config config, TextWriter progress)
    {
        if (layout.Exists)
        {
            var existing = layout.LoadGenesis();
            progress.WriteLine($"devnet: continuing chain {existing.ChainId} ({existing.Validators.Length} validator(s)) from {layout.Root}");
            return existing;
        }
        var genesis = layout.Create(plan.Validators, GenesisSettings.Create(config), NanoMoment.FromDateTime(DateTime.UtcNow));
        progress.WriteLine($"devnet: created chain {genesis.ChainId} (genesis {genesis.Hash.Short}) in {layout.Root}");
        return genesis;
    }

    private static RokoNode StartValidator(DevnetLayout layout, int index, Akka.Configuration.Config own, DevnetPlan plan, DevnetClockSettings clocks)
    {
        int port = plan.HttpPortOf(index);
        string http = $"roko.http {{ enabled = on, port = {port} }}";
        string name = DevnetLayout.ValidatorName(index);
        // Every devnet node listens on its own free loopback port; WAN emulation delays messages between regions.
        string overrides = $"""
            roko.node.name = {RokoConfig.Quote(name)}
            roko.node.role = validator
            roko.node.region = {DevnetLayout.RegionOf(index)}
            roko.node.data-dir = {RokoConfig.Quote(layout.NodeDir(name))}
            akka.remote.dot-netty.tcp.port = 0
            roko.network.wan.enabled = {(plan.Wan ? "on" : "off")}
            {DevnetClockPlan.HoconFor(index, clocks)}
            {http}
            """;
        return DevnetHttpPorts.Start(name, port, () => RokoNode.Start(Akka.Configuration.ConfigurationFactory.ParseString(overrides).WithFallback(own)));
    }

    /// <summary>
    /// Waits (at most <see cref="ClockSyncTimeout"/>) until every node's clock is bounded — the nodes off true time have
    /// converged on the time cards through time sync — so the load does not start against nodes that refuse it.
    /// </summary>
    private static async Task WaitForClocks(IReadOnlyList<RokoNode> nodes, TextWriter progress, CancellationToken cancel)
    {
        var poll = TimeSpan.FromMilliseconds(100);
        var waited = Stopwatch.StartNew();
        while (nodes.Any(n => !n.Services.ClockStatus().IsBounded))
        {
            if (waited.Elapsed > ClockSyncTimeout)
            {
                progress.WriteLine($"devnet: clocks still unsynchronized after {ClockSyncTimeout.TotalSeconds:F0} s: " +
                                   string.Join(", ", nodes.Where(n => !n.Services.ClockStatus().IsBounded).Select(n => n.Settings.Name)) + "; starting anyway");
                return;
            }
            await Task.Delay(poll, cancel);
        }
        if (waited.Elapsed > poll)
            progress.WriteLine($"devnet: every clock synchronized after {waited.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Waits (at most <see cref="FirstBlockTimeout"/>) until every node has committed a block after <paramref name="height"/>,
    /// i.e. the network is finalizing, and returns the lowest tip: the first heights are decided while peers are still
    /// connecting (their messages wait for the re-send), which is start-up, not the finality the load measures.
    /// </summary>
    private static async Task<ulong> WaitForFirstBlock(IReadOnlyList<RokoNode> nodes, ulong height, TextWriter progress, CancellationToken cancel)
    {
        var poll = TimeSpan.FromMilliseconds(100);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var tips = new List<ulong>();
            foreach (var node in nodes) tips.Add((await node.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout, cancel)).Tip!.Height);
            if (tips.All(t => t > height)) return tips.Min();
            if (waited.Elapsed > FirstBlockTimeout)
            {
                progress.WriteLine($"devnet: no block after height {height} on every node within {FirstBlockTimeout.TotalSeconds:F0} s " +
                                   $"(tips {string.Join(", ", tips)}); starting anyway");
                return tips.Min();
            }
            await Task.Delay(poll, cancel);
        }
    }

    /// <summary>After the load stops, waits (at most <paramref name="limit"/>) for what is pending to be sealed or refused.</summary>
    private static async Task Drain(IActorRef generator, TimeSpan limit)
    {
        var poll = TimeSpan.FromMilliseconds(100);
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit)
        {
            try
            {
                var report = await generator.Ask<LoadReport>(new GetLoadReport(0), AskTimeout);
                if (report.Pending == 0) return;
            }
            catch (AskTimeoutException)
            {
                return; // the final report waits longer
            }
            await Task.Delay(poll);
        }
    }

    private static async Task RunUntil(Stopwatch elapsed, TimeSpan duration, TimeSpan interval, IActorRef generator, ulong startHeight,
        IReadOnlyList<RokoNode> archives, TextWriter progress, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var remaining = duration == Timeout.InfiniteTimeSpan ? interval : duration - elapsed.Elapsed;
            if (remaining < MinimumWait) return; // Task.Delay rounds below a millisecond down to nothing
            try
            {
                await Task.Delay(remaining < interval ? remaining : interval, cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            LoadReport r;
            try
            {
                r = await generator.Ask<LoadReport>(new GetLoadReport(0), AskTimeout, cancel);
            }
            catch (OperationCanceledException)
            {
                return; // stopped while waiting for the line: the summary follows at once
            }
            catch (AskTimeoutException)
            {
                // A progress line is not worth ending the run for: the final report is asked again after the load stops.
                progress.WriteLine($"[{elapsed.Elapsed.TotalSeconds,6:F1}s] no progress report within {AskTimeout.TotalSeconds:F0} s (is the machine overloaded?)");
                continue;
            }
            progress.WriteLine($"[{elapsed.Elapsed.TotalSeconds,6:F1}s] blocks +{r.Blocks} (from height {startHeight}) | tx submitted {r.Submitted}, " +
                               $"finalized {r.Finalized}, rejected {r.Rejected}, pending {r.Pending} | finality p50 {r.FinalityP50Ms:F0} ms, p99 {r.FinalityP99Ms:F0} ms" +
                               await DevnetArchiveSummary.ProgressTextAsync(archives));
        }
    }
}
