using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;

namespace Roko.Actors.Api;

/// <summary>
/// The emulated WAN's controls, for fault tests; mapped only when <c>roko.network.wan.admin-endpoint = on</c> (otherwise
/// these routes do not exist: 404). POST /admin/wan/cut cuts this node's links to the peers named in the JSON body
/// (<c>{"peers": ["akka.tcp://roko@host:port"]}</c>; no body or no peers: every link), POST /admin/wan/heal heals them
/// all, GET /admin/wan says what is cut. Writes need the bearer token; a malformed body is a 400 naming the field and
/// changes nothing.
/// </summary>
public static class WanAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app, HttpApiSettings settings)
    {
        var token = new BearerTokenFilter(settings);
        app.MapGet("/admin/wan", (NodeApi api, CancellationToken cancel) => AskAsync(api, PeerManagerProtocol.GetWanCut.Instance, cancel));
        app.MapPost("/admin/wan/cut", CutAsync).AddEndpointFilter(token);
        app.MapPost("/admin/wan/heal", (NodeApi api, CancellationToken cancel) => AskAsync(api, PeerManagerProtocol.HealWanLinks.Instance, cancel))
            .AddEndpointFilter(token);
    }

    private static async Task<IResult> CutAsync(HttpRequest request, NodeApi api, CancellationToken cancel)
    {
        if (request.ContentLength is not 0 && request.ContentType is not null && !request.HasJsonContentType())
            return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType, "header 'Content-Type': expected application/json (or no body to cut every link)",
                "Content-Type");
        var (peers, problem) = await ReadPeersAsync(request, cancel);
        if (problem is not null) return ApiResults.BadField(problem);
        return await AskAsync(api, new PeerManagerProtocol.CutWanLinks(peers), cancel);
    }

    /// <summary>The peers named in a JSON body (none, or no body: every peer), or the field that is wrong and why.</summary>
    private static async Task<(ImmutableArray<string> Peers, FieldProblem? Problem)> ReadPeersAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength is 0 || !request.HasJsonContentType()) return ([], null);
        WanCutRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, ApiJsonContext.Default.WanCutRequest, cancel);
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return ([], new FieldProblem(field, "expected {\"peers\": [\"akka.tcp://roko@host:port\", ...]}: " + e.Message));
        }
        var peers = body?.Peers ?? [];
        for (int i = 0; i < peers.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(peers[i]) || !ActorPath.TryParseAddress(peers[i], out var address) || address.Host is null || address.Port is null)
                return ([], new FieldProblem($"peers[{i}]", $"'{peers[i]}' is not a cluster address such as akka.tcp://roko@127.0.0.1:4053"));
            peers[i] = address.ToString();
        }
        return ([.. peers], null);
    }

    private static async Task<IResult> AskAsync(NodeApi api, object message, CancellationToken cancel)
    {
        var manager = await api.FindAsync(NodeApi.PeersPath);
        if (manager is null) return ApiResults.NotReady("the emulated WAN");
        var current = await api.AskAsync<PeerManagerProtocol.CurrentWanCut>(manager, message, cancel);
        return Results.Json(ToResponse(current.Cut), ApiJsonContext.Default.WanCutResponse);
    }

    private static WanCutResponse ToResponse(WanCut cut) => new(cut.AllPeers, [.. cut.Peers]);
}
