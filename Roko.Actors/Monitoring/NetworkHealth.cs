using Akka.Actor;
using Roko.Actors.Hardware.Time;
using static Roko.Actors.Monitoring.NetworkHealthProtocol;

namespace Roko.Actors.Monitoring;

/// <summary>
/// The NetworkHealth cluster singleton (one per cluster, on the oldest member, moved by its ClusterSingletonManager
/// when that member leaves): keeps every node's latest <see cref="NodeHealthSnapshot"/> with the time it arrived and
/// answers <see cref="GetNetworkHealth"/> with <see cref="NetworkHealthFigures.Aggregate"/> over the fresh ones.
/// Its state is rebuilt within one report interval after a hand-over.
/// </summary>
public sealed class NetworkHealth : ReceiveActor
{
    private readonly Dictionary<string, (NodeHealthSnapshot Snapshot, NanoMoment At)> _latest = new(StringComparer.Ordinal);

    public static Props Props(NetworkHealthSettings settings, Func<NanoMoment> now) =>
        Akka.Actor.Props.Create(() => new NetworkHealth(settings, now));

    public NetworkHealth(NetworkHealthSettings settings, Func<NanoMoment> now)
    {
        long staleNanos = settings.StaleAfter.Ticks * (NanoMoment.NanosPerSecond / TimeSpan.TicksPerSecond);
        Receive<NodeHealthSnapshot>(s => _latest[s.Node] = (s, now()));
        Receive<GetNetworkHealth>(_ =>
        {
            var at = now();
            foreach (var stale in _latest.Where(e => at - e.Value.At > staleNanos).Select(e => e.Key).ToList())
                _latest.Remove(stale);
            Sender.Tell(new CurrentNetworkHealth(NetworkHealthFigures.Aggregate(_latest.Values.Select(v => v.Snapshot))));
        });
    }
}
