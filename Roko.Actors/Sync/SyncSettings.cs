using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Sync;

/// <summary>Block-sync settings, read once from HOCON <c>roko.sync</c>.</summary>
public sealed record SyncSettings(bool Enabled, int MaxRange, long MaxRangeBytes, TimeSpan RequestTimeout, TimeSpan PollInterval, TimeSpan PeerCooldown,
    int MinPeers)
{
    /// <summary>Hard ceiling on <c>max-range</c>: a range answer is one remote message and must stay far below frame limits.</summary>
    public const int MaxRangeCeiling = 1024;

    public static SyncSettings Create(Config config)
    {
        var c = SettingsReader.Section(config, "roko.sync");
        return new SyncSettings(
            c.Bool("enabled"),
            c.Int("max-range", 1, MaxRangeCeiling),
            c.Bytes("max-range-bytes", 1),
            c.Duration("request-timeout", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            c.Duration("poll-interval", TimeSpan.FromTicks(1), TimeSpan.MaxValue),
            c.Duration("peer-cooldown", TimeSpan.Zero, TimeSpan.MaxValue),
            c.Int("min-peers", 1, int.MaxValue));
    }
}
