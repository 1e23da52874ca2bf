using Roko.Actors.Wire;

namespace Roko.Actors.Monitoring;

/// <summary>
/// Messages of the NetworkHealth cluster singleton. Every node reaches it through its proxy at
/// <see cref="ProxyPath"/>; the singleton itself runs under the manager at <see cref="ManagerPath"/> on the oldest member.
/// </summary>
public static class NetworkHealthProtocol
{
    /// <summary>Child of /user/node on every node: the ClusterSingletonManager of NetworkHealth.</summary>
    public const string ManagerName = "network-health";
    /// <summary>Child of /user/node on every node: the ClusterSingletonProxy to talk to NetworkHealth through.</summary>
    public const string ProxyName = "network-health-proxy";
    public const string ManagerPath = "/user/node/" + ManagerName;
    public const string ProxyPath = "/user/node/" + ProxyName;

    /// <summary>Anyone (the HTTP layer, the dashboard) asks through the proxy; answered by <see cref="CurrentNetworkHealth"/>.</summary>
    public sealed record GetNetworkHealth : IWireMessage
    {
        public static GetNetworkHealth Instance { get; } = new();
    }

    /// <summary>The network-level figures over every node whose snapshot is fresher than <c>roko.health.stale-after</c>.</summary>
    public sealed record CurrentNetworkHealth(NetworkHealthFigures Figures) : IWireMessage;

    /// <summary>Timer of a node's <see cref="NodeHealthReporter"/>: gather and send a snapshot.</summary>
    internal sealed record ReportTick
    {
        public static ReportTick Instance { get; } = new();
    }
}
