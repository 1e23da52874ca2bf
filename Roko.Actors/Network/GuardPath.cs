namespace Roko.Actors.Network;

/// <summary>A way into the node that the <see cref="NodeGuard"/> meters: each has its own rate per source (<see cref="PathLimit"/>).</summary>
public enum GuardPath
{
    /// <summary>Messages of a peer's overlay session (handshakes, pings, envelope frames, RTT tables).</summary>
    PeerSession,
    /// <summary>Block-range requests another node sends to this node's block sync.</summary>
    BlockSync,
    /// <summary>Requests of ClusterClients (transaction submission, light access, header subscriptions).</summary>
    ClusterClient,
    /// <summary>Messages that reach this node through Akka's distributed publish-subscribe.</summary>
    PubSub,
    /// <summary>Datagrams on the time-probe UDP port.</summary>
    TimeProbe,
    /// <summary>Requests to the HTTP API.</summary>
    Http,
}

/// <summary>The names of <see cref="GuardPath"/>s in HOCON (<c>roko.network.ddos.&lt;name&gt;</c>), logs and metric labels.</summary>
public static class GuardPathNames
{
    public static IReadOnlyList<GuardPath> All { get; } = Enum.GetValues<GuardPath>();

    public static string Name(this GuardPath path) => path switch
    {
        GuardPath.PeerSession => "peer-session",
        GuardPath.BlockSync => "block-sync",
        GuardPath.ClusterClient => "cluster-client",
        GuardPath.PubSub => "pub-sub",
        GuardPath.TimeProbe => "time-probe",
        GuardPath.Http => "http",
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "not a guarded path"),
    };

    /// <summary>The label value in <c>/metrics</c>: the HOCON name in snake case.</summary>
    public static string Label(this GuardPath path) => path.Name().Replace('-', '_');
}
