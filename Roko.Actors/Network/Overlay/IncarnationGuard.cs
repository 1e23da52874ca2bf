using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using static Roko.Actors.Network.Overlay.IncarnationGuardProtocol;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// /user/node/incarnation. A node killed and started again on the same address is a new incarnation (new uid) that
/// Akka.Cluster lets join only once the old one is downed and removed. Until then the old one may linger as a member,
/// and the new one's join attempts can go unanswered for minutes (seen on loopback: InitJoinAck never arrived while the
/// old member stayed Up). So while this node is not Up it tells each seed node's guard that it is a new incarnation;
/// a guard that sees a member at the sender's own address with another uid downs that member at once (it is the dead
/// previous run: one address runs one process). A claim about any address other than the sender's is refused.
/// </summary>
public sealed class IncarnationGuard : ReceiveActor, IWithTimers
{
    private const string NoticeTimer = "notice";

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IncarnationSettings _settings;
    private readonly string _guardPath;

    public IncarnationGuard(IncarnationSettings settings)
    {
        _settings = settings;
        _guardPath = Self.Path.ToStringWithoutAddress();
        Receive<NewIncarnation>(OnNewIncarnation);
        Receive<NoticeTick>(_ => Announce());
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress)) Timers.Cancel(NoticeTimer);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IncarnationSettings settings) => Akka.Actor.Props.Create(() => new IncarnationGuard(settings));

    protected override void PreStart()
    {
        if (!_settings.Enabled || _cluster.Settings.SeedNodes.Count == 0) return;
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer(NoticeTimer, NoticeTick.Instance, TimeSpan.Zero, _settings.NoticeInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Announce()
    {
        if (_cluster.SelfMember.Status == MemberStatus.Up)
        {
            Timers.Cancel(NoticeTimer);
            return;
        }
        var self = _cluster.SelfUniqueAddress;
        foreach (var seed in _cluster.Settings.SeedNodes.Where(a => a != self.Address))
            Context.ActorSelection(seed + _guardPath).Tell(new NewIncarnation(self.Address.ToString(), self.Uid));
    }

    private void OnNewIncarnation(NewIncarnation notice)
    {
        string from = Sender.Path.Address.ToString();
        if (!string.Equals(from, notice.Address, StringComparison.Ordinal))
        {
            _log.Warning("Refused an incarnation notice about {0} sent from {1}: a node may only speak for its own address", notice.Address, from);
            return;
        }
        var previous = _cluster.State.Members.FirstOrDefault(m =>
            m.Address.ToString() == notice.Address && m.UniqueAddress.Uid != notice.Uid && m.Status != MemberStatus.Down);
        if (previous is null) return;
        _log.Warning("{0} started again as incarnation {1}: downing its previous incarnation {2} ({3}) so the new one can join",
            notice.Address, notice.Uid, previous.UniqueAddress.Uid, previous.Status);
        _cluster.Down(previous.Address);
    }
}
