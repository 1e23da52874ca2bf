using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using static Roko.Actors.Devnet.LoadGeneratorProtocol;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Devnet;

/// <summary>
/// Gathers a <see cref="DevnetSnapshot"/> of the running devnet for the live view: the load generator's figures and, from
/// every node, its height (an archive's indexed height), established peers, clock uncertainty and active alerts. A node
/// that does not answer within the ask timeout shows "?" rather than holding the view up.
/// </summary>
public sealed class DevnetMonitor(
    string chainId, IReadOnlyList<RokoNode> validators, IReadOnlyList<RokoNode> archives, IActorRef generator, DevnetPlan plan,
    ulong startHeight, string dataDir, string? logFile)
{
    /// <summary>The live view's throughput is finalized transactions per second over this window.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(1);

    private readonly RecentRate _rate = new(RateWindow);

    public async Task<DevnetSnapshot> CollectAsync(TimeSpan elapsed)
    {
        var report = generator.Ask<LoadReport>(new GetLoadReport(0), AskTimeout);
        var nodes = validators.Select(n => ViewAsync(n, archive: false)).Concat(archives.Select(n => ViewAsync(n, archive: true))).ToList();
        var views = await Task.WhenAll(nodes);
        LoadReport? r = null;
        try
        {
            r = await report;
        }
        catch (Exception e) when (e is TimeoutException or AskTimeoutException or TaskCanceledException)
        {
            // the generator is busy; the figures show as zero this once
        }
        double rate = _rate.Add(elapsed.TotalSeconds, r?.Finalized ?? 0);
        var heights = views.Where(v => v.Node.Role == "validator" && v.Node.Height is not null).Select(v => v.Node.Height!.Value).ToList();
        return new DevnetSnapshot(chainId, elapsed, startHeight, heights.Count > 0 ? heights.Min() : startHeight,
            r?.FinalityP50Ms ?? 0, r?.FinalityP99Ms ?? 0, rate, plan.TxRate,
            r?.Submitted ?? 0, r?.Finalized ?? 0, r?.Rejected ?? 0, r?.Pending ?? 0, r?.Forks ?? 0, plan.Wan,
            [.. views.Select(v => v.Node)], [.. views.SelectMany(v => v.Alerts)], dataDir, logFile);
    }

    private static async Task<(DevnetNodeView Node, ImmutableArray<DevnetAlertView> Alerts)> ViewAsync(RokoNode node, bool archive)
    {
        var height = archive ? DevnetArchiveNodes.IndexedHeightAsync(node, AskTimeout) : TipAsync(node);
        var peers = AskOrNull<CurrentPeers>(node, Api.NodeApi.PeersPath, GetPeers.Instance);
        var alerts = AskOrNull<AlertingProtocol.CurrentAlerts>(node, Api.NodeApi.AlertingPath, AlertingProtocol.GetActiveAlerts.Instance);
        var clock = node.Services.ClockStatus();
        var current = await alerts;
        var view = new DevnetNodeView(node.Settings.Name, node.Settings.Role.ToString().ToLowerInvariant(), node.Settings.Region,
            await height, (await peers)?.Peers.Count(p => p.State == PeerState.Established),
            clock.IsBounded ? clock.HalfWidthNanos : null, node.HttpAddress);
        var active = current is null
            ? ImmutableArray<DevnetAlertView>.Empty
            : [.. current.Alerts.Where(a => a.State.IsActive).Select(a => new DevnetAlertView(node.Settings.Name, a.Rule.Name,
                a.Rule.Severity.ToText(), a.State.Phase.ToString().ToLowerInvariant(), a.Rule.Summary))];
        return (view, active);
    }

    private static async Task<ulong?> TipAsync(RokoNode node)
    {
        try
        {
            var status = await node.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout);
            return status.Tip?.Height;
        }
        catch (Exception e) when (e is TimeoutException or AskTimeoutException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<T?> AskOrNull<T>(RokoNode node, string path, object query) where T : class
    {
        try
        {
            return await node.System.ActorSelection(path).Ask<T>(query, AskTimeout);
        }
        catch (Exception e) when (e is TimeoutException or AskTimeoutException or TaskCanceledException or ActorNotFoundException)
        {
            return null;
        }
    }
}
