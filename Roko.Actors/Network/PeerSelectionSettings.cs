using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network;

/// <summary>Shape of the active peer set, read from <c>roko.network.peers</c>.</summary>
public sealed record PeerSelectionSettings
{
    public const string Path = "roko.network.peers";

    public required int MaxPeers { get; init; }
    /// <summary>Peers kept in each region other than our own, when that many are known.</summary>
    public required int CrossRegionPeers { get; init; }
    /// <summary>Active slots filled at random from the peers low latency would not pick.</summary>
    public required int RandomPeers { get; init; }

    public static PeerSelectionSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var settings = new PeerSelectionSettings
        {
            MaxPeers = s.Int("max-peers", 1, 100_000),
            CrossRegionPeers = s.Int("cross-region-peers", 0, 100_000),
            RandomPeers = s.Int("random-peers", 0, 100_000),
        };
        int reserved = settings.CrossRegionPeers * (RegionText.All.Count - 1) + settings.RandomPeers;
        if (reserved > settings.MaxPeers)
            throw s.Invalid("max-peers",
                $"must hold cross-region-peers × {RegionText.All.Count - 1} other regions + random-peers = {reserved}");
        return settings;
    }
}
