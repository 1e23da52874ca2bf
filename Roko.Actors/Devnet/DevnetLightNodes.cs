using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Light;
using Roko.Actors.LightClient;
using Roko.Actors.Nodes;
using static Roko.Actors.Nodes.NodeGuardianProtocol;

namespace Roko.Actors.Devnet;

/// <summary>
/// `roko devnet --light N`: light nodes in this process, each with its own ActorSystem (Akka.Remote only) and a data
/// dir light-i beside the validators'; their contacts are every devnet validator and their checkpoint is the first
/// validator's latest block when they start (a light node that already has headers resumes from them).
/// </summary>
public sealed class DevnetLightNodes : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstBlockTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FirstBlockPoll = TimeSpan.FromMilliseconds(100);
    private readonly List<(string Name, string DataDir, LightNodeHost Host)> _nodes = [];

    public static string Name(int index) => $"light-{index}";

    public static async Task<DevnetLightNodes> StartAsync(int count, DevnetLayout layout, IReadOnlyList<RokoNode> validators, TextWriter progress,
        CancellationToken cancel)
    {
        var started = new DevnetLightNodes();
        if (count <= 0) return started;
        var checkpoint = await LatestBlock(validators[0], cancel);
        var contacts = validators.Select(v => ActorPath.Parse($"{v.Address}/system/receptionist")).ToList();
        var config = LightNodeHost.Configuration(ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off"));
        try
        {
            for (int i = 0; i < count; i++)
            {
                string dir = layout.NodeDir(Name(i));
                started._nodes.Add((Name(i), dir, LightNodeHost.Start(new LightNodeOptions(contacts, checkpoint, dir), config)));
            }
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        progress.WriteLine($"devnet: {count} light node(s) started from checkpoint {checkpoint.Height}:{checkpoint.Hash.Short}… with {contacts.Count} contact(s)");
        return started;
    }

    /// <summary>The first validator's latest block once there is one (a checkpoint names a block, not the genesis).</summary>
    private static async Task<Checkpoint> LatestBlock(RokoNode validator, CancellationToken cancel)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var tip = (await validator.Guardian.Ask<NodeStatus>(GetNodeStatus.Instance, AskTimeout)).Tip!;
            if (tip.Height >= 1) return new Checkpoint(tip.Height, tip.LastBlockHash);
            if (waited.Elapsed > FirstBlockTimeout) throw new DevnetException($"no block committed within {FirstBlockTimeout.TotalSeconds:F0} s; light nodes need one as their checkpoint");
            await Task.Delay(FirstBlockPoll, cancel);
        }
    }

    /// <summary>Each light node's entry for the summary: its verified height and header hash (role "light").</summary>
    public async Task<IReadOnlyList<DevnetNodeSummary>> SummariesAsync()
    {
        var summaries = new List<DevnetNodeSummary>();
        foreach (var (name, dir, host) in _nodes)
        {
            var status = await host.StatusAsync(AskTimeout);
            summaries.Add(new DevnetNodeSummary(name, "light", "-", dir, status.Height, status.Hash?.ToString() ?? new string('0', 64)));
        }
        return summaries;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, host) in _nodes) await host.DisposeAsync();
        _nodes.Clear();
    }
}
