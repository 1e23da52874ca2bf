using Akka.Actor;
using Roko.Actors.Archive;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using static Roko.Actors.Archive.ArchiveIndexerProtocol;

namespace Roko.Actors.Devnet;

/// <summary>
/// The devnet's archive nodes (<c>--archive N</c>): cluster members with role archive and no vote, each in
/// <c>&lt;data-dir&gt;/archive-J</c> (its own node key, the network's genesis, chain.db and the archive.db read model),
/// following the validators' committed blocks and indexing them (ArchiveIndexer at /user/node/indexer).
/// </summary>
public static class DevnetArchiveNodes
{
    /// <summary>Where an archive's indexer runs (NodeGuardian starts it as "indexer" on archives).</summary>
    public const string IndexerPath = "/user/node/indexer";

    public static string ArchiveName(int index) => $"archive-{index}";

    /// <summary>
    /// Creates archive <paramref name="index"/>'s directory on first use (a fresh node key and the network's genesis) and
    /// starts it with the devnet's own settings (<paramref name="own"/>, see <see cref="DevnetConfig.Own"/>): loopback port 0, its region, WAN emulation, a time-card clock, its HTTP port.
    /// </summary>
    public static RokoNode Start(DevnetLayout layout, Genesis genesis, int index, Akka.Configuration.Config own, DevnetPlan plan,
        DevnetClockSettings clocks)
    {
        string name = ArchiveName(index);
        string dir = layout.NodeDir(name);
        string keyPath = Path.Combine(dir, DevnetLayout.KeyFileName);
        if (!File.Exists(keyPath)) KeyFile.Write(keyPath, SigningKey.Generate());
        string genesisPath = Path.Combine(dir, DevnetLayout.GenesisFileName);
        if (!File.Exists(genesisPath)) GenesisFile.Write(genesisPath, genesis);

        string overrides = $"""
            roko.node.name = {RokoConfig.Quote(name)}
            roko.node.role = archive
            roko.node.region = {plan.ArchiveRegion(index)}
            roko.node.data-dir = {RokoConfig.Quote(dir)}
            akka.remote.dot-netty.tcp.port = 0
            roko.network.wan.enabled = {(plan.Wan ? "on" : "off")}
            {DevnetClockPlan.HoconForArchive(index, clocks)}
            roko.http {"{"} enabled = on, port = {plan.ArchiveHttpPort(index)} {"}"}
            """;
        return DevnetHttpPorts.Start(name, plan.ArchiveHttpPort(index),
            () => RokoNode.Start(Akka.Configuration.ConfigurationFactory.ParseString(overrides).WithFallback(own)));
    }

    /// <summary>The height up to which the archive's read model holds every block, or null before the indexer has resumed.</summary>
    public static async Task<ulong?> IndexedHeightAsync(RokoNode archive, TimeSpan timeout)
    {
        try
        {
            var status = await archive.System.ActorSelection(IndexerPath).Ask<IndexerStatus>(GetIndexerStatus.Instance, timeout);
            return status.Height;
        }
        catch (Exception e) when (e is TimeoutException or AskTimeoutException or ActorNotFoundException or TaskCanceledException)
        {
            return null;
        }
    }
}
