using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network;

/// <summary>
/// Everything the PeerManager and its PeerSessions read, once, from <c>roko.network</c>: the session timings
/// (<c>roko.network.session</c>), <c>roko.network.down-on-bad-handshake</c> and the pure cores' sections.
/// </summary>
public sealed record OverlaySettings
{
    public const string Path = "roko.network.session";

    /// <summary>Actor path of the PeerManager on every node; sessions send their handshake there.</summary>
    public required string PeersPath { get; init; }
    /// <summary>How often a session repeats its handshake until the peer acknowledges it.</summary>
    public required TimeSpan HelloInterval { get; init; }
    /// <summary>How often an established session pings its peer to measure RTT.</summary>
    public required TimeSpan PingInterval { get; init; }
    /// <summary>How often the PeerManager recomputes the active set from the latest RTTs.</summary>
    public required TimeSpan ReselectInterval { get; init; }
    /// <summary>Down (Akka.Cluster) a member whose handshake is refused.</summary>
    public required bool DownOnBadHandshake { get; init; }

    public required EnvelopeSettings Envelope { get; init; }
    public required DdosGuardSettings Ddos { get; init; }
    public required RttSettings Rtt { get; init; }
    public required PeerSelectionSettings Peers { get; init; }
    public required OutboundQueueSettings Outbound { get; init; }
    public required WanSettings Wan { get; init; }
    public required RouteSettings Routes { get; init; }
    public required CompressionSettings Compression { get; init; }
    /// <summary>How often a peer session may fail and be restarted (roko.supervision, the node's one restart policy).</summary>
    public required Supervision.SupervisionSettings Supervision { get; init; }

    public static OverlaySettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var network = SettingsReader.Section(root, "roko.network");
        var hour = TimeSpan.FromHours(1);
        string peersPath = s.Text("peers-path");
        if (!peersPath.StartsWith("/user/", StringComparison.Ordinal))
            throw s.Invalid("peers-path", $"must be an actor path under /user/, got '{peersPath}'");
        return new OverlaySettings
        {
            PeersPath = peersPath,
            HelloInterval = s.Duration("hello-interval", TimeSpan.FromMilliseconds(10), hour),
            PingInterval = s.Duration("ping-interval", TimeSpan.FromMilliseconds(10), hour),
            ReselectInterval = s.Duration("reselect-interval", TimeSpan.FromMilliseconds(10), hour),
            DownOnBadHandshake = network.Bool("down-on-bad-handshake"),
            Envelope = EnvelopeSettings.Create(root),
            Ddos = DdosGuardSettings.Create(root),
            Rtt = RttSettings.Create(root),
            Peers = PeerSelectionSettings.Create(root),
            Outbound = OutboundQueueSettings.Create(root),
            Wan = WanSettings.Create(root),
            Routes = RouteSettings.Create(root),
            Compression = CompressionSettings.Create(root),
            Supervision = Roko.Actors.Supervision.SupervisionSettings.Create(root),
        };
    }
}
