using System.Diagnostics;
using Akka.Actor;
using Roko.Actors.Nodes;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Devnet;

/// <summary>The archives' part of the devnet's progress lines and summary: each archive's indexed height.</summary>
public static class DevnetArchiveSummary
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    /// <summary>A progress line does not wait long for a busy archive: it shows "?" instead.</summary>
    private static readonly TimeSpan ProgressAskTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until every archive has indexed up to <paramref name="finalized"/> (the
    /// validators' common height at the end of the run), then reports each one: <c>height</c> is its indexed height,
    /// <c>head</c> the hash of its own chain's tip.
    /// </summary>
    public static async Task<IReadOnlyList<DevnetNodeSummary>> CollectAsync(IReadOnlyList<RokoNode> archives, ulong finalized, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        var heights = new ulong?[archives.Count];
        while (true)
        {
            for (int j = 0; j < archives.Count; j++) heights[j] = await DevnetArchiveNodes.IndexedHeightAsync(archives[j], AskTimeout);
            if (heights.All(h => h >= finalized) || waited.Elapsed >= limit) break;
            await Task.Delay(Poll);
        }
        var summaries = new List<DevnetNodeSummary>();
        for (int j = 0; j < archives.Count; j++)
        {
            var node = archives[j];
            var status = await node.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout);
            summaries.Add(new DevnetNodeSummary(node.Settings.Name, node.Settings.Role.ToString().ToLowerInvariant(), node.Settings.Region,
                node.Settings.DataDir, heights[j] ?? 0, status.Tip?.LastBlockHash.ToString() ?? "", DevnetNodeClock.Of(node)));
        }
        return summaries;
    }

    /// <summary>" | archive-0 indexed 41" per archive, for the plain progress line; empty without archives.</summary>
    public static async Task<string> ProgressTextAsync(IReadOnlyList<RokoNode> archives)
    {
        var parts = new List<string>();
        foreach (var archive in archives)
        {
            var height = await DevnetArchiveNodes.IndexedHeightAsync(archive, ProgressAskTimeout);
            parts.Add($"{archive.Settings.Name} indexed {height?.ToString() ?? "?"}");
        }
        return parts.Count == 0 ? "" : " | " + string.Join(", ", parts);
    }
}
