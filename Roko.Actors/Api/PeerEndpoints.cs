using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;

namespace Roko.Actors.Api;

/// <summary>GET /peers: the PeerManager's (/user/node/peers) view of every known peer, with our latency route to it.</summary>
public static class PeerEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/peers", async (NodeApi api, CancellationToken cancel) =>
        {
            var peers = await api.FindAsync(NodeApi.PeersPath);
            if (peers is null) return ApiResults.NotReady("the peer list");
            var current = await api.AskAsync<PeerManagerProtocol.CurrentPeers>(peers, PeerManagerProtocol.GetPeers.Instance, cancel);
            var routes = current.Routes ?? System.Collections.Immutable.ImmutableDictionary<PeerId, Network.Route>.Empty;
            var list = current.Peers.OrderBy(p => p.Id.ToString(), StringComparer.Ordinal)
                .Select(p => ToResponse(p, routes.GetValueOrDefault(p.Id))).ToArray();
            return Results.Json(new PeersResponse(list.Length, current.Peers.Count(p => p.State == PeerState.Established), list),
                ApiJsonContext.Default.PeersResponse);
        });
    }

    private static PeerResponse ToResponse(PeerInfo p, Network.Route? route) => new(p.Id.ToString(), p.State.ToString().ToLowerInvariant(),
        p.Region?.ToText(), p.Role, p.RttSmoothedNanos is { } rtt ? Milliseconds(rtt) : null, p.Reachable, p.Active, p.Refusal,
        p.LinkUp, p.SendCodec.ToString().ToLowerInvariant(),
        route is { NextHop: { } next } ? new RouteResponse([.. route.Path.Select(id => id.ToString())], next.ToString(), Milliseconds(route.CostNanos)) : null);

    private static double Milliseconds(long nanos) => Math.Round(Nanoseconds.ToMilliseconds(nanos), 3);
}
