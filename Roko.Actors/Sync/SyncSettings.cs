using Akka.Configuration;

namespace Roko.Actors.Sync;

/// <summary>Block-sync settings, read once from HOCON <c>roko.sync</c>.</summary>
public sealed record SyncSettings(bool Enabled, int MaxRange, long MaxRangeBytes, TimeSpan RequestTimeout, TimeSpan PollInterval, TimeSpan PeerCooldown)
{
    /// <summary>Hard ceiling on <c>max-range</c>: a range answer is one remote message and must stay far below frame limits.</summary>
    public const int MaxRangeCeiling = 1024;

    public static SyncSettings Create(Config config)
    {
        var c = config.GetConfig("roko.sync") ?? throw new ConfigurationException("missing HOCON section roko.sync");
        var settings = new SyncSettings(c.GetBoolean("enabled"), c.GetInt("max-range"), c.GetByteSize("max-range-bytes") ?? 0, c.GetTimeSpan("request-timeout"),
            c.GetTimeSpan("poll-interval"), c.GetTimeSpan("peer-cooldown"));
        if (settings.MaxRange is < 1 or > MaxRangeCeiling)
            throw new ConfigurationException($"roko.sync.max-range must be between 1 and {MaxRangeCeiling}, got {settings.MaxRange}");
        if (settings.MaxRangeBytes <= 0) throw new ConfigurationException("roko.sync.max-range-bytes must be > 0");
        if (settings.RequestTimeout <= TimeSpan.Zero) throw new ConfigurationException("roko.sync.request-timeout must be > 0");
        if (settings.PollInterval <= TimeSpan.Zero) throw new ConfigurationException("roko.sync.poll-interval must be > 0");
        if (settings.PeerCooldown < TimeSpan.Zero) throw new ConfigurationException("roko.sync.peer-cooldown must be >= 0");
        return settings;
    }
}
