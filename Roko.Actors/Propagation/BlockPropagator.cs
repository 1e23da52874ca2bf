using System.Text;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Primitives;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;
using Envelope = Roko.Actors.Network.Envelope;

namespace Roko.Actors.Propagation;

/// <summary>
/// /user/node/propagator: spreads messages over the overlay with the strategy HOCON gives their kind (flood, gossip,
/// structured), delivers each message to local subscribers exactly once per subscription (bounded <see cref="SeenCache"/>).
/// Flood and gossip forward a message on first receipt — never back to the peer it came from. Structured messages go
/// along the PeerManager's latency routes to their destinations: a node on the way delivers only when it is one of them
/// and passes the rest on while hops are left. It subscribes to the PeerManager's admitted envelopes
/// (<see cref="SubscribeEnvelopes"/>), which its sessions then send here directly.
/// Restarts keep the subscriptions: the failed incarnation hands them to the next one (<see cref="PreRestart"/>), which
/// holds every message back until it has them, so no subscriber goes deaf. A subscriber that subscribes again (after its
/// own restart) is handed, once, any message it had before when the message arrives again: peers' re-sends reach it.
/// </summary>
public sealed class BlockPropagator : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private const string RefreshTimer = "refresh-peers";
    private const string IdDomain = "roko/propagation/v1";

    private readonly SigningKey _key;
    private readonly IClock _clock;
    private readonly IActorRef _peers;
    private readonly PropagationSettings _settings;
    private readonly PropagationPlanner _planner;
    private readonly SeenCache _seen;
    private readonly Random _random;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<MessageKind, List<Subscription>> _subscribers = new();
    private IReadOnlyList<PeerCandidate> _active = [];
    private long _originated, _delivered, _duplicates, _forwarded, _relayed;
    // Numbers first deliveries and subscriptions in order: a subscription is owed a held message delivered before it.
    private long _sequence;

    /// <param name="Since">The delivery sequence number at which the subscription was made.</param>
    private readonly record struct Subscription(IActorRef Subscriber, long Since);

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    public static Props Props(SigningKey key, IClock clock, IActorRef peers, PropagationSettings settings, int seed) =>
        Akka.Actor.Props.Create(() => new BlockPropagator(key, clock, peers, settings, seed));

    public BlockPropagator(SigningKey key, IClock clock, IActorRef peers, PropagationSettings settings, int seed)
    {
        _key = key;
        _clock = clock;
        _peers = peers;
        _settings = settings;
        _planner = new PropagationPlanner(settings);
        _seen = new SeenCache(settings.SeenCacheCapacity);
        _random = new Random(seed);
        Running();
    }

    private void Running()
    {
        Receive<Propagate>(Originate);
        Receive<EnvelopeReceived>(OnReceived);
        Receive<Subscribe>(AddSubscription);
        Receive<RefreshPeers>(_ => _peers.Tell(GetPeersByLatency.Instance));
        Receive<PeersByLatency>(p => _active = [.. p.Peers
            .Where(i => i.Active && i.Region is not null)
            .Select(i => new PeerCandidate(i.Id, i.Region!.Value, i.RttSmoothedNanos))]);
        Receive<PeerEstablished>(_ => _peers.Tell(GetPeersByLatency.Instance));
        Receive<GetPropagationStats>(_ => Sender.Tell(new PropagationStats(_originated, _delivered, _duplicates, _forwarded, _relayed)));
    }

    protected override void PreStart()
    {
        // Admitted envelopes come straight from the peer sessions (the PeerManager keeps this across its restarts).
        _peers.Tell(new SubscribeEnvelopes(Self));
        Context.System.EventStream.Subscribe(Self, typeof(PeerEstablished));
        Timers.StartPeriodicTimer(RefreshTimer, RefreshPeers.Instance, TimeSpan.Zero, _settings.PeerRefresh);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>The subscribers subscribed once, to this actor: the failed incarnation hands them to the next one.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        Self.Tell(new SubscriptionsHandedOver([.. _subscribers.SelectMany(p => p.Value.Select(s => new Subscribe(p.Key, s.Subscriber)))]));
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        Become(Restoring);
    }

    /// <summary>Restarted: every message waits for the subscriptions the previous incarnation handed over, so none is delivered to nobody.</summary>
    private void Restoring()
    {
        Receive<SubscriptionsHandedOver>(handed =>
        {
            foreach (var subscription in handed.Subscriptions) AddSubscription(subscription);
            _log.Info("Propagator restarted with its {0} subscription(s)", handed.Subscriptions.Count);
            Become(Running);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>A subscriber subscribing again (restarted) starts a new subscription: messages it had before are owed to it again.</summary>
    private void AddSubscription(Subscribe subscribe)
    {
        if (!_subscribers.TryGetValue(subscribe.Kind, out var list)) _subscribers[subscribe.Kind] = list = [];
        list.RemoveAll(s => s.Subscriber.Equals(subscribe.Subscriber));
        list.Add(new Subscription(subscribe.Subscriber, ++_sequence));
    }

    /// <summary>True the first time this node sees the message; it is then recorded under the next delivery number.</summary>
    private bool FirstSight(Hash32 id)
    {
        if (!_seen.TryAdd(id, _sequence + 1)) return false;
        _sequence++;
        return true;
    }

    public static string TypeOf(MessageKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Exactly the wire types <see cref="TypeOf"/> produces; numeric or combined names are unknown types.</summary>
    private static readonly IReadOnlyDictionary<string, MessageKind> KindsByType =
        Enum.GetValues<MessageKind>().ToDictionary(TypeOf, StringComparer.Ordinal);

    public static MessagePriority PriorityOf(MessageKind kind) => kind switch
    {
        MessageKind.Vote or MessageKind.Proposal or MessageKind.Alert or MessageKind.Fork => MessagePriority.Consensus,
        MessageKind.Block => MessagePriority.Block,
        MessageKind.Transaction => MessagePriority.Transaction,
        _ => MessagePriority.Background,
    };

    /// <summary>The id that makes delivery exactly-once: kind and payload, whoever sealed the envelope.</summary>
    public static Hash32 IdOf(MessageKind kind, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(TypeOf(kind));
        Span<byte> prefix = stackalloc byte[1 + type.Length];
        prefix[0] = (byte)type.Length;
        type.CopyTo(prefix[1..]);
        return Sha256.HashTagged(IdDomain, prefix, payload);
    }

    private void Originate(Propagate cmd)
    {
        var id = IdOf(cmd.Kind, cmd.Payload);
        if (FirstSight(id))
        {
            _originated++;
            Deliver(cmd.Kind, id, cmd.Payload, _key.PublicKey, from: null);
        }
        else
        {
            DeliverToLateSubscribers(cmd.Kind, id, cmd.Payload, _key.PublicKey, from: null);
            if (!cmd.Resend) return;
        }
        var envelope = Envelope.Seal(TypeOf(cmd.Kind), PriorityOf(cmd.Kind), _clock.Estimate(), cmd.Payload, _key);
        if (_settings.StrategyFor(cmd.Kind) == PropagationStrategy.Structured)
            _peers.Tell(new RouteEnvelope(envelope, cmd.Destinations, _settings.MaxHops - 1));
        else
            Forward(cmd.Kind, envelope, sender: null);
    }

    private void OnReceived(EnvelopeReceived received)
    {
        if (!KindsByType.TryGetValue(received.Envelope.Type, out var kind))
        {
            _log.Warning("Dropped an envelope of unknown type '{0}' from {1}", received.Envelope.Type, received.From);
            return;
        }
        var id = IdOf(kind, received.Envelope.Payload);
        if (received.Route is { } route)
        {
            OnRouted(kind, id, received, route);
            return;
        }
        if (!FirstSight(id))
        {
            _duplicates++;
            DeliverToLateSubscribers(kind, id, received.Envelope.Payload, received.Envelope.Signer, received.From);
            return;
        }
        Deliver(kind, id, received.Envelope.Payload, received.Envelope.Signer, received.From);
        Forward(kind, received.Envelope, received.From);
    }

    /// <summary>
    /// A structured message: delivered here (once) when this node is a destination, and passed on for the others while
    /// hops are left — also when this node has seen it, since a re-send or a second copy may carry other destinations.
    /// </summary>
    private void OnRouted(MessageKind kind, Hash32 id, EnvelopeReceived received, RouteHeader route)
    {
        var self = _key.PublicKey;
        if (route.Destinations.Contains(self))
        {
            if (FirstSight(id)) Deliver(kind, id, received.Envelope.Payload, received.Envelope.Signer, received.From);
            else
            {
                _duplicates++;
                DeliverToLateSubscribers(kind, id, received.Envelope.Payload, received.Envelope.Signer, received.From);
            }
        }
        var onward = route.Destinations.RemoveAll(d => d == self);
        if (onward.IsEmpty || route.HopsLeft <= 0) return;
        _relayed++;
        _peers.Tell(new RouteEnvelope(received.Envelope, onward, route.HopsLeft - 1, received.From));
    }

    private void Deliver(MessageKind kind, Hash32 id, byte[] payload, PublicKey origin, PeerId? from)
    {
        _delivered++;
        if (!_subscribers.TryGetValue(kind, out var list)) return;
        var delivered = new Delivered(kind, id, payload, origin, from);
        foreach (var subscription in list) subscription.Subscriber.Tell(delivered);
    }

    /// <summary>A message seen before, arriving again: delivered (not forwarded) to the subscriptions made after its last delivery.</summary>
    private void DeliverToLateSubscribers(MessageKind kind, Hash32 id, byte[] payload, PublicKey origin, PeerId? from)
    {
        if (!_subscribers.TryGetValue(kind, out var list)) return;
        long deliveredAt = _seen.DeliveredAt(id);
        Delivered? delivered = null;
        foreach (var subscription in list)
            if (subscription.Since > deliveredAt) subscription.Subscriber.Tell(delivered ??= new Delivered(kind, id, payload, origin, from));
        if (delivered is not null) _seen.Redelivered(id, ++_sequence);
    }

    private void Forward(MessageKind kind, Envelope envelope, PeerId? sender)
    {
        // A structured kind that came without a route header was addressed to this node alone: nothing to pass on.
        if (_settings.StrategyFor(kind) == PropagationStrategy.Structured) return;
        var targets = _planner.Targets(_settings.StrategyFor(kind), _active, sender, _random);
        foreach (var target in targets) _peers.Tell(new SendTo(target.Id, envelope));
        if (sender is not null) _forwarded += targets.Count;
    }
}
