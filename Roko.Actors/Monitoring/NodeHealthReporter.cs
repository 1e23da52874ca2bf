using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Persistence;
using static Roko.Actors.Monitoring.NetworkHealthProtocol;

namespace Roko.Actors.Monitoring;

/// <summary>
/// /user/node/health-reporter: every <c>report-interval</c> asks the PeerManager for its peers and sends the
/// NetworkHealth singleton (through its proxy) this node's <see cref="NodeHealthSnapshot"/>: the height of the latest
/// committed block (from the event stream), peers and median RTT per region, and the participation and drift the
/// node's metrics hold.
/// </summary>
public sealed class NodeHealthReporter : ReceiveActor, IWithTimers
{
    private const string ReportTimer = "report";

    private readonly NetworkHealthSettings _settings;
    private readonly AlertSource _source;
    private readonly string _role;
    private readonly RokoMetrics _metrics;
    private readonly IActorRef _peers;
    private readonly IActorRef _networkHealth;
    private ulong _height;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NetworkHealthSettings settings, AlertSource source, string role, ulong height, RokoMetrics metrics,
        IActorRef peers, IActorRef networkHealth) =>
        Akka.Actor.Props.Create(() => new NodeHealthReporter(settings, source, role, height, metrics, peers, networkHealth));

    public NodeHealthReporter(NetworkHealthSettings settings, AlertSource source, string role, ulong height, RokoMetrics metrics,
        IActorRef peers, IActorRef networkHealth)
    {
        _settings = settings;
        _source = source;
        _role = role;
        _height = height;
        _metrics = metrics;
        _peers = peers;
        _networkHealth = networkHealth;

        Receive<ReportTick>(_ => _peers.Tell(PeerManagerProtocol.GetPeers.Instance));
        Receive<PeerManagerProtocol.CurrentPeers>(OnPeers);
        Receive<ChainStoreProtocol.BlockCommitted>(e => _height = Math.Max(_height, e.Block.Height));
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        Timers.StartPeriodicTimer(ReportTimer, ReportTick.Instance, _settings.ReportInterval);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnPeers(PeerManagerProtocol.CurrentPeers current)
    {
        var byRegion = current.Peers
            .Where(p => p is { State: PeerState.Established, Region: not null })
            .GroupBy(p => p.Region!.Value.ToText())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RegionPeers(g.Key, g.Count(), Median(g.Where(p => p.RttSmoothedNanos is not null).Select(p => p.RttSmoothedNanos!.Value))))
            .ToImmutableArray();
        var metrics = _metrics.Snapshot();
        _networkHealth.Tell(new NodeHealthSnapshot(_source.Node, _source.Region, _role, _height, byRegion,
            metrics[SeedMetric.ValidatorParticipation], metrics.MissingValidators, metrics[SeedMetric.TimeDrift]));
    }

    private static long? Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted[sorted.Count / 2];
    }
}
