using System.Collections.Immutable;
using Akka.Actor;

namespace Roko.Actors.Network.Overlay;

/// <summary>Messages of the PeerManager (/user/node/peers).</summary>
public static class PeerManagerProtocol
{
    /// <summary>Query: every known peer. Answered with <see cref="CurrentPeers"/>.</summary>
    public sealed record GetPeers
    {
        public static GetPeers Instance { get; } = new();
    }

    /// <param name="Routes">Our lowest-RTT route to each peer the latency graph reaches (first element this node).</param>
    public sealed record CurrentPeers(ImmutableList<PeerInfo> Peers, ImmutableDictionary<PeerId, Route>? Routes = null);

    /// <summary>Query: established peers by smoothed RTT, fastest first, unmeasured last. Answered with <see cref="PeersByLatency"/>.</summary>
    public sealed record GetPeersByLatency
    {
        public static GetPeersByLatency Instance { get; } = new();
    }

    public sealed record PeersByLatency(ImmutableList<PeerInfo> Peers);

    /// <summary>
    /// Query: the lowest-RTT route from this node to <paramref name="To"/> over our own measurements and the RTT
    /// tables peers shared. Answered with <see cref="CurrentRoute"/>.
    /// </summary>
    public sealed record GetRoute(PeerId To);

    /// <summary>The route (first element this node), or null when <c>To</c> is not reachable in the latency graph.</summary>
    public sealed record CurrentRoute(Route? Route);

    /// <summary>Command (from the propagator): send one envelope to one peer through its outbound queue.</summary>
    public sealed record SendTo(PeerId Peer, Envelope Envelope);

    /// <summary>Command (from the propagator): send one envelope to every peer of the active set.</summary>
    public sealed record Broadcast(Envelope Envelope);

    /// <summary>
    /// Command (from the propagator): send one envelope along the lowest-RTT routes to the nodes with these keys
    /// (structured delivery), each copy carrying the destinations still to reach through its next hop and
    /// <paramref name="HopsLeft"/>. Null <paramref name="Destinations"/>: every node whose handshake we verified.
    /// <paramref name="CameFrom"/>: the peer a relayed message came from, never a next hop.
    /// </summary>
    public sealed record RouteEnvelope(Envelope Envelope, ImmutableArray<Crypto.PublicKey>? Destinations, int HopsLeft, PeerId? CameFrom = null);

    /// <summary>
    /// To the PeerManager (from the propagator at its start, or a test's observer): hand every admitted envelope to
    /// <paramref name="Handler"/> as <see cref="EnvelopeReceived"/>, straight from the sessions. The PeerManager watches the
    /// handler and keeps the subscription across its own restarts; subscribing twice changes nothing.
    /// </summary>
    public sealed record SubscribeEnvelopes(IActorRef Handler);

    /// <summary>
    /// To every envelope handler (<see cref="SubscribeEnvelopes"/>, or the one given to PeerManager.Props), from the session
    /// that admitted it: an envelope that passed the guard and validation, with its route header when it travels along
    /// latency routes.
    /// </summary>
    public sealed record EnvelopeReceived(PeerId From, Envelope Envelope, RouteHeader? Route = null);

    /// <summary>Event stream: a session completed its handshake.</summary>
    public sealed record PeerEstablished(PeerId Peer, Region Region, string Role);

    /// <summary>Event stream: a peer's handshake was refused (and the peer downed when configured and allowed).</summary>
    public sealed record PeerRefused(PeerId Peer, HandshakeRefusal Reason, string Detail);

    /// <summary>
    /// From the node guardian at start and whenever its chain's validator set changes: the keys the sessions judge
    /// validator claims against (docs/network.md §Validator standing).
    /// </summary>
    public sealed record ValidatorRosterChanged(ValidatorRoster Roster);

    /// <summary>Event stream: a peer claiming the validator role is not in our validator set; it is kept as a non-voting peer.</summary>
    public sealed record PeerRefusedAsValidator(PeerId Peer, Crypto.PublicKey Key, string Reason);

    /// <summary>Event stream: the DDoS guard cut a peer off.</summary>
    public sealed record PeerBlacklisted(PeerId Peer, string Reason);

    /// <summary>Event stream: the PeerManager downed a refused peer through Akka.Cluster.</summary>
    public sealed record PeerDowned(PeerId Peer, string Reason);

    /// <summary>
    /// Command (from the test-only /admin/wan endpoint): cut the emulated WAN links to <paramref name="Peers"/> (cluster
    /// addresses; empty: every peer) on top of what is already cut. Answered with <see cref="CurrentWanCut"/>.
    /// </summary>
    public sealed record CutWanLinks(ImmutableArray<string> Peers);

    /// <summary>Command (from the test-only /admin/wan endpoint): heal every cut link. Answered with <see cref="CurrentWanCut"/>.</summary>
    public sealed record HealWanLinks
    {
        public static HealWanLinks Instance { get; } = new();
    }

    /// <summary>Query: which links are cut. Answered with <see cref="CurrentWanCut"/>.</summary>
    public sealed record GetWanCut
    {
        public static GetWanCut Instance { get; } = new();
    }

    public sealed record CurrentWanCut(WanCut Cut);

    /// <summary>Event stream: the cut links changed (block sync stops asking and serving over cut links).</summary>
    public sealed record WanCutChanged(WanCut Cut);
}
