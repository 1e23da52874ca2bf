using Akka.Actor;
using static Roko.Actors.Monitoring.NetworkHealthProtocol;

namespace Roko.Actors.Monitoring;

/// <summary>
/// The NetworkHealth cluster singleton (one per cluster, on the oldest member, moved by its ClusterSingletonManager
/// when that member leaves): keeps every node's latest <see cref="NodeHealthSnapshot"/> with the time it arrived and
/// answers <see cref="GetNetworkHealth"/> with <see cref="NetworkHealthFigures.Aggregate"/> over the fresh ones.
/// Its state is rebuilt within one report interval after a hand-over. Freshness is measured on a monotonic source
/// (a TimeProvider; by default a Stopwatch), not on the node clock, which may be unbounded or corrected meanwhile.
/// </summary>
public sealed class NetworkHealth : ReceiveActor
{
    private readonly Dictionary<string, (NodeHealthSnapshot Snapshot, long At)> _latest = new(StringComparer.Ordinal);

    public static Props Props(NetworkHealthSettings settings, TimeProvider? time = null) =>
        Akka.Actor.Props.Create(() => new NetworkHealth(settings, time ?? TimeProvider.System));

    public NetworkHealth(NetworkHealthSettings settings, TimeProvider time)
    {
        Receive<NodeHealthSnapshot>(s => _latest[s.Node] = (s, time.GetTimestamp()));
        Receive<GetNetworkHealth>(_ =>
        {
            foreach (var stale in _latest.Where(e => time.GetElapsedTime(e.Value.At) > settings.StaleAfter).Select(e => e.Key).ToList())
                _latest.Remove(stale);
            Sender.Tell(new CurrentNetworkHealth(NetworkHealthFigures.Aggregate(_latest.Values.Select(v => v.Snapshot))));
        });
    }
}
