using Akka.Actor;
using Akka.Event;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;

namespace Roko.Actors.ClusterAccess;

/// <summary>
/// /user/node/header-feed on validators, registered with the ClusterClientReceptionist: keeps up to
/// <c>max-subscribers</c> subscribers (watched; dropped when they terminate) and pushes each of them every block
/// this node commits (from the event stream) as a <see cref="CommittedHeader"/>.
/// </summary>
public sealed class HeaderFeed : ReceiveActor
{
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ulong _height;

    public static Props Props(ulong height, ClusterAccessSettings settings) =>
        Akka.Actor.Props.Create(() => new HeaderFeed(height, settings));

    public HeaderFeed(ulong height, ClusterAccessSettings settings)
    {
        _height = height;
        Receive<SubscribeHeaders>(subscribe =>
        {
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
