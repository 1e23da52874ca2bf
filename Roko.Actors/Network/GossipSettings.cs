using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network;

/// <summary>Gossip propagation, read from <c>roko.network.gossip</c>.</summary>
public sealed record GossipSettings
{
    public const string Path = "roko.network.gossip";

    /// <summary>Peers a gossiped message is forwarded to on first receipt.</summary>
    public required int Fanout { get; init; }

    public static GossipSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        return new GossipSettings { Fanout = s.Int("fanout", 1, 10_000) };
    }
}
