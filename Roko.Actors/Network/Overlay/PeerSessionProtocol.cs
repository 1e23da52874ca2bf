using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network.Overlay;

/// <summary>Messages of a PeerSession (/user/node/peers/&lt;escaped address&gt;) besides <see cref="PeerWire"/>.</summary>
public static class PeerSessionProtocol
{
    /// <summary>From the PeerManager: queue an envelope for the peer, with its route header when it travels along latency routes.</summary>
    public sealed record Send(Envelope Envelope, RouteHeader? Route = null);

    /// <summary>To the PeerManager, on every change: the session's view of its peer.</summary>
    public sealed record StatusChanged(PeerInfo Peer);

    /// <summary>From the PeerManager: Akka.Cluster reachability of the peer changed.</summary>
    public sealed record ReachabilityChanged(bool Reachable);

    /// <summary>From the PeerManager: whether the peer is in the active set now.</summary>
    public sealed record ActiveChanged(bool Active);

    /// <summary>From the PeerManager: who receives this session's admitted envelopes now (a handler subscribed or stopped).</summary>
    public sealed record EnvelopeHandlersChanged(System.Collections.Immutable.ImmutableArray<Akka.Actor.IActorRef> Handlers);

    /// <summary>From the PeerManager: the emulated WAN link to the peer is cut (nothing goes either way) or healed.</summary>
    public sealed record WanLinkCut(bool Cut);

    /// <summary>From the PeerManager: send the peer our signed RTT table (an encoded envelope).</summary>
    public sealed record ShareRtt(byte[] Table);

    /// <summary>To the PeerManager: the peer's RTT table, its envelope verified and its encoding well formed.</summary>
    public sealed record RttTableReceived(PeerId From, RttTable Table);

    /// <summary>
    /// To itself, from a failing session before its restart: the key its peer's handshake proved, so the new incarnation
    /// refuses a blacklisted peer before handshaking again.
    /// </summary>
    internal sealed record PeerKeyKnown(Crypto.PublicKey Key);

    /// <summary>Timer: the peer's blacklisting is over; handshake again.</summary>
    internal sealed record BlacklistExpired
    {
        public static BlacklistExpired Instance { get; } = new();
    }

    /// <summary>Timer: repeat the handshake.</summary>
    internal sealed record HelloTick
    {
        public static HelloTick Instance { get; } = new();
    }

    /// <summary>Timer: send an RTT ping.</summary>
    internal sealed record PingTick
    {
        public static PingTick Instance { get; } = new();
    }

    /// <summary>Timer: the outbound batch due at <paramref name="Due"/> may go.</summary>
    internal sealed record FlushTick(NanoMoment Due);
}
