using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Primitives;

namespace Roko.Actors.Propagation;

public static class BlockPropagatorProtocol
{
    /// <summary>From a local producer (consensus, mempool, alerting): spread this payload as <paramref name="Kind"/>; this node is its origin.</summary>
    /// <remarks><paramref name="Resend"/>: send it again to the targets even though this node already has it, for peers
    /// that missed it (consensus re-sends its own votes until the height is decided); receivers still deliver it once.
    /// <paramref name="Destinations"/>: the node keys that need it (the mempool names the next proposers). A kind whose
    /// strategy is structured goes along the latency routes to them only (to every node when null); the other
    /// strategies spread it to everyone regardless.</remarks>
    public sealed record Propagate(MessageKind Kind, byte[] Payload, bool Resend = false, ImmutableArray<PublicKey>? Destinations = null);

    /// <summary>
    /// Subscribe <paramref name="Subscriber"/> to first deliveries of <paramref name="Kind"/> (local and remote origins alike).
    /// Subscribing again (a restarted subscriber) is a new subscription: a message it had before is delivered once more
    /// when it arrives again (a peer's re-send), so the new incarnation hears what the old one had.
    /// </summary>
    public sealed record Subscribe(MessageKind Kind, IActorRef Subscriber);

    /// <summary>From a failed propagator to its next incarnation (the mailbox outlives a restart): the subscriptions to keep.</summary>
    public sealed record SubscriptionsHandedOver(IReadOnlyList<Subscribe> Subscriptions);

    /// <summary>To subscribers: a message seen for the first time. <paramref name="From"/> is null when this node originated it.</summary>
    public sealed record Delivered(MessageKind Kind, Hash32 Id, byte[] Payload, PublicKey Origin, PeerId? From);

    /// <summary>Asks for counters; answered by <see cref="PropagationStats"/>.</summary>
    public sealed record GetPropagationStats
    {
        public static GetPropagationStats Instance { get; } = new();
    }

    /// <param name="Forwarded">Envelopes sent on to flood or gossip targets after first receipt.</param>
    /// <param name="Relayed">Structured messages passed on towards destinations other than this node.</param>
    public sealed record PropagationStats(long Originated, long Delivered, long Duplicates, long Forwarded, long Relayed);

    /// <summary>Timer tick: refresh the view of active peers and their RTTs from the PeerManager.</summary>
    public sealed record RefreshPeers
    {
        public static RefreshPeers Instance { get; } = new();
    }
}
