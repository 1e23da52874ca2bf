using Akka.Configuration;

namespace Roko.Actors.Network;

/// <summary>Latency route caching, read from <c>roko.network.routes</c>.</summary>
public sealed record RouteSettings
{
    public const string Path = "roko.network.routes";

    public required int CacheCapacity { get; init; }
    /// <summary>Relative RTT change of a link (0.2 = 20 %) from which cached routes are recomputed.</summary>
    public required double MaterialChange { get; init; }

    public static RouteSettings Create(Config root)
    {
        var s = HoconSettings.Section(root, Path);
        var settings = new RouteSettings
        {
            CacheCapacity = s.Int("cache-capacity", 1, 10_000_000),
            MaterialChange = s.Double("material-change", 0, 100),
        };
        if (settings.MaterialChange <= 0) throw s.Invalid("material-change", "must be greater than 0");
        return settings;
    }
}
