using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>Latency routes and shared RTT tables, read from <c>roko.network.routes</c>.</summary>
public sealed record RouteSettings
{
    public const string Path = "roko.network.routes";

    public required int CacheCapacity { get; init; }
    /// <summary>Relative RTT change of a link (0.2 = 20 %) from which cached routes are recomputed.</summary>
    public required double MaterialChange { get; init; }
    /// <summary>How often the PeerManager sends every established peer its own RTT table.</summary>
    public required TimeSpan ShareInterval { get; init; }
    /// <summary>Lines a received RTT table may have; a longer one is refused whole.</summary>
    public required int MaxTableEntries { get; init; }
    /// <summary>Lines of a received RTT table about peers we do not know yet; more and the table is refused.</summary>
    public required int MaxUnknownPeers { get; init; }
    /// <summary>A link whose pings went unanswered this long is down: it leaves the latency graph until a pong comes back.</summary>
    public required TimeSpan LinkDownAfter { get; init; }
    /// <summary>Hops a structured message may take from its origin (bounds a detour, and any loop while views disagree).</summary>
    public required int MaxHops { get; init; }
    /// <summary>Destinations one structured message may carry; a frame entry naming more is refused.</summary>
    public required int MaxDestinations { get; init; }

    public long LinkDownAfterNanos => Nanoseconds.FromTimeSpan(LinkDownAfter);

    public static RouteSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var settings = new RouteSettings
        {
            CacheCapacity = s.Int("cache-capacity", 1, 10_000_000),
            MaterialChange = s.Double("material-change", 0, 100),
            ShareInterval = s.Duration("share-interval", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            MaxTableEntries = s.Int("max-table-entries", 1, 1_000_000),
            MaxUnknownPeers = s.Int("max-unknown-peers", 0, 1_000_000),
            LinkDownAfter = s.Duration("link-down-after", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            MaxHops = s.Int("max-hops", 1, byte.MaxValue),
            MaxDestinations = s.Int("max-destinations", 1, ushort.MaxValue),
        };
        if (settings.MaterialChange <= 0) throw s.Invalid("material-change", "must be greater than 0");
        return settings;
    }
}
