using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;

namespace Roko.Actors.Api;

/// <summary>GET /peers: the PeerManager's (/user/node/peers) view of every known peer.</summary>
public static class PeerEndpoints
{
    private const double NanosPerMillisecond = 1_000_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/peers", async (NodeApi api, CancellationToken cancel) =>
        {
            var peers = await api.FindAsync(NodeApi.PeersPath);
            if (peers is null) return ApiResults.NotReady("the peer list");
            var current = await api.AskAsync<PeerManagerProtocol.CurrentPeers>(peers, PeerManagerProtocol.GetPeers.Instance, cancel);
            var list = current.Peers.OrderBy(p => p.Id.ToString(), StringComparer.Ordinal).Select(ToResponse).ToArray();
            return Results.Json(new PeersResponse(list.Length, current.Peers.Count(p => p.State == PeerState.Established), list),
                ApiJsonContext.Default.PeersResponse);
        });
    }

    private static PeerResponse ToResponse(PeerInfo p) => new(p.Id.ToString(), p.State.ToString().ToLowerInvariant(),
        p.Region?.ToText(), p.Role, p.RttSmoothedNanos is { } rtt ? Math.Round(rtt / NanosPerMillisecond, 3) : null, p.Reachable, p.Active, p.Refusal);
}
