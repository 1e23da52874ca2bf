using Akka.Actor;
using Akka.Event;
using Roko.Actors.Network;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;

namespace Roko.Actors.ClusterAccess;

/// <summary>
/// /user/node/header-feed on validators, registered with the ClusterClientReceptionist: keeps up to
/// <c>max-subscribers</c> subscribers (watched; dropped when they terminate) and pushes each of them every block
/// this node commits (from the event stream) as a <see cref="CommittedHeader"/>. Subscribe and unsubscribe requests pass
/// the node's guard first (<see cref="ClusterClientAdmission"/>); the protocol has no refusal for a client over its
/// rate (<see cref="HeaderFeedFull"/> says the feed is full, which would mislead), so the excess is dropped and counted.
/// </summary>
public sealed class HeaderFeed : ReceiveActor
{
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ulong _height;

    /// <param name="guard">The node's guard (null: requests are not metered).</param>
    public static Props Props(ulong height, ClusterAccessSettings settings, NodeGuard? guard) =>
        Akka.Actor.Props.Create(() => new HeaderFeed(height, settings, guard));

    public HeaderFeed(ulong height, ClusterAccessSettings settings, NodeGuard? guard)
    {
        _height = height;
        var admission = new ClusterClientAdmission(guard);
        Receive<SubscribeHeaders>(subscribe =>
        {
            if (!admission.Admit(Sender, refusal: null)) return;
            if (!_subscribers.Contains(subscribe.Subscriber) && _subscribers.Count >= settings.MaxSubscribers)
            {
                Sender.Tell(new HeaderFeedFull(settings.MaxSubscribers));
                return;
            }
            if (_subscribers.Add(subscribe.Subscriber))
            {
                Context.Watch(subscribe.Subscriber);
                _log.Info("Header feed: {0} subscribed at height {1}", subscribe.Subscriber.Path, _height);
            }
            Sender.Tell(new HeadersSubscribed(_height));
        });
        Receive<UnsubscribeHeaders>(unsubscribe =>
        {
            if (!admission.Admit(Sender, refusal: null)) return;
            if (_subscribers.Remove(unsubscribe.Subscriber)) Context.Unwatch(unsubscribe.Subscriber);
            Sender.Tell(HeadersUnsubscribed.Instance);
        });
        Receive<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Receive<ChainStoreProtocol.BlockCommitted>(committed =>
        {
            var block = committed.Block;
            _height = Math.Max(_height, block.Height);
            if (_subscribers.Count == 0) return;
            var writer = new CanonicalWriter();
            block.Commit.WriteTo(writer);
            var header = new CommittedHeader(block.Height, block.Header.Encode(), writer.ToArray());
            foreach (var subscriber in _subscribers) subscriber.Tell(header);
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
