using System.Collections.Immutable;
using Roko.Actors.Crypto;

namespace Roko.Actors.Network;

/// <summary>
/// Where one structured message goes from this node: its destinations grouped by the peer to hand it to (the next hop of
/// our shortest route to each), and the destinations no usable peer leads to. <see cref="Relayed"/> counts destinations
/// whose next hop is not the destination itself (a detour through another node).
/// </summary>
public sealed record RoutePlan(IReadOnlyList<(PeerId NextHop, ImmutableArray<PublicKey> Destinations)> Hops, ImmutableArray<PublicKey> Unroutable,
    int Direct, int Relayed)
{
    /// <summary>
    /// Plans the next hop for every destination but <paramref name="self"/>: the next hop of the lowest-RTT route
    /// (<paramref name="routeTo"/>) when its link is up and it is not where the message came from; else the destination
    /// itself when its link is up; else the destination itself when we are connected to it at all (a link reported down
    /// may only be slow: a late copy beats none); else unroutable. Destinations keep their order inside a hop.
    /// Pure: the callbacks answer from the PeerManager's state.
    /// </summary>
    /// <param name="peerOf">The peer id of a node key (from the handshakes we verified), null when unknown.</param>
    /// <param name="routeTo">Our shortest route to a peer, null when the latency graph has none.</param>
    /// <param name="isUp">Whether our session to a peer is established and its link up (pongs come back).</param>
    /// <param name="isConnected">Whether our session to a peer is established and not cut off, its link up or not.</param>
    /// <param name="cameFrom">The peer the message came from (never sent back there), null at the origin.</param>
    public static RoutePlan For(IEnumerable<PublicKey> destinations, PublicKey self, Func<PublicKey, PeerId?> peerOf,
        Func<PeerId, Route?> routeTo, Func<PeerId, bool> isUp, Func<PeerId, bool> isConnected, PeerId? cameFrom)
    {
        var hops = new Dictionary<PeerId, ImmutableArray<PublicKey>.Builder>();
        var order = new List<PeerId>();
        var unroutable = ImmutableArray.CreateBuilder<PublicKey>();
        int direct = 0, relayed = 0;
        foreach (var destination in destinations.Distinct())
        {
            if (destination == self) continue;
            var next = NextHop(peerOf(destination), routeTo, isUp, isConnected, cameFrom);
            if (next is not { } hop)
            {
                unroutable.Add(destination);
                continue;
            }
            if (hop.Relay) relayed++;
            else direct++;
            if (!hops.TryGetValue(hop.Peer, out var group))
            {
                hops[hop.Peer] = group = ImmutableArray.CreateBuilder<PublicKey>();
                order.Add(hop.Peer);
            }
            group.Add(destination);
        }
        return new RoutePlan([.. order.Select(p => (p, hops[p].ToImmutable()))], unroutable.ToImmutable(), direct, relayed);
    }

    private static (PeerId Peer, bool Relay)? NextHop(PeerId? target, Func<PeerId, Route?> routeTo, Func<PeerId, bool> isUp,
        Func<PeerId, bool> isConnected, PeerId? cameFrom)
    {
        if (target is not { } peer) return null;
        if (routeTo(peer)?.NextHop is { } next && next != cameFrom && isUp(next)) return (next, next != peer);
        if (peer != cameFrom && (isUp(peer) || isConnected(peer))) return (peer, false);
        return null;
    }
}
