using Akka.Configuration;

namespace Roko.Actors.Persistence;

/// <summary>Settings of the ChainStore, read once from HOCON <c>roko.chain</c>.</summary>
public sealed record ChainStoreSettings(int SnapshotEvery, int SnapshotsKept, int RecentBlocks)
{
    public static ChainStoreSettings Create(Config config)
    {
        var c = config.GetConfig("roko.chain") ?? throw new ConfigurationException("missing HOCON section roko.chain");
        var settings = new ChainStoreSettings(
            c.GetInt("snapshot-every"),
            c.GetInt("snapshots-kept"),
            c.GetInt("recent-blocks"));
        if (settings.SnapshotEvery <= 0) throw new ConfigurationException("roko.chain.snapshot-every must be > 0");
        if (settings.SnapshotsKept <= 0) throw new ConfigurationException("roko.chain.snapshots-kept must be > 0");
        if (settings.RecentBlocks <= 0) throw new ConfigurationException("roko.chain.recent-blocks must be > 0");
        return settings;
    }
}
