using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Persistence;

/// <summary>Settings of the ChainStore, read once from HOCON <c>roko.chain</c>.</summary>
public sealed record ChainStoreSettings(int SnapshotEvery, int SnapshotsKept, int RecentBlocks)
{
    public static ChainStoreSettings Create(Config config)
    {
        var c = SettingsReader.Section(config, "roko.chain");
        return new ChainStoreSettings(
            c.Int("snapshot-every", 1),
            c.Int("snapshots-kept", 1),
            c.Int("recent-blocks", 1));
    }
}
