using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Roko.Actors.Api;

/// <summary>
/// Cluster management with Akka.Management's route shapes: GET /cluster/members, GET /cluster/members/{address},
/// PUT /cluster/members/{address} with <c>operation=Leave|Down</c> (form field or query), DELETE /cluster/members/{address}
/// (leave). {address} is a member address, URL-encoded, with or without its protocol (akka.tcp://roko@host:port or
/// roko@host:port). Writes need the bearer token.
/// </summary>
public static class ClusterEndpoints
{
    private const string Leave = "leave";
    private const string Down = "down";

    public static void Map(IEndpointRouteBuilder app, HttpApiSettings settings)
    {
        var token = new BearerTokenFilter(settings);
        app.MapGet("/cluster/members", (NodeApi api) => Results.Json(Members(Cluster.Get(api.System)), ApiJsonContext.Default.ClusterMembersResponse));
        app.MapGet("/cluster/members/{**address}", (string address, NodeApi api) =>
            Find(Cluster.Get(api.System), address) is { } member
                ? Results.Json(ToResponse(member), ApiJsonContext.Default.ClusterMemberResponse)
                : NotFound(address));
        app.MapPut("/cluster/members/{**address}", async (string address, HttpRequest request, NodeApi api) =>
        {
            string? operation = request.HasFormContentType ? (await request.ReadFormAsync()).TryGetValue("operation", out var form) ? form.ToString() : null : null;
            operation ??= request.Query.TryGetValue("operation", out var query) ? query.ToString() : null;
            if (string.IsNullOrEmpty(operation)) return ApiResults.BadField("operation", "is required: Leave or Down (form field or query parameter)");
            if (!string.Equals(operation, Leave, StringComparison.OrdinalIgnoreCase) && !string.Equals(operation, Down, StringComparison.OrdinalIgnoreCase))
                return ApiResults.BadField("operation", $"'{operation}' is not supported; use Leave or Down");
            return Apply(api, address, string.Equals(operation, Leave, StringComparison.OrdinalIgnoreCase) ? Leave : Down);
        }).AddEndpointFilter(token);
        app.MapDelete("/cluster/members/{**address}", (string address, NodeApi api) => Apply(api, address, Leave)).AddEndpointFilter(token);
    }

    private static IResult Apply(NodeApi api, string address, string operation)
    {
        var cluster = Cluster.Get(api.System);
        if (Find(cluster, address) is not { } member) return NotFound(address);
        if (operation == Leave)
        {
            cluster.Leave(member.Address);
            return Results.Json(new ClusterMessageResponse($"Leaving {member.Address}"), ApiJsonContext.Default.ClusterMessageResponse);
        }
        cluster.Down(member.Address);
        return Results.Json(new ClusterMessageResponse($"Downing {member.Address}"), ApiJsonContext.Default.ClusterMessageResponse);
    }

    private static IResult NotFound(string address) =>
        ApiResults.Error(StatusCodes.Status404NotFound, $"member '{Uri.UnescapeDataString(address)}' is not in this node's view of the cluster", "address");

    /// <summary>The member whose address is <paramref name="text"/> (URL-decoded; the protocol part may be left out).</summary>
    public static Member? Find(Cluster cluster, string text)
    {
        string wanted = Uri.UnescapeDataString(text).Trim();
        return cluster.State.Members.FirstOrDefault(m => Matches(m.Address.ToString(), wanted));
    }

    private static bool Matches(string full, string wanted)
    {
        if (string.Equals(full, wanted, StringComparison.Ordinal)) return true;
        int scheme = full.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 && string.Equals(full[(scheme + 3)..], wanted, StringComparison.Ordinal);
    }

    public static ClusterMembersResponse Members(Cluster cluster)
    {
        var state = cluster.State;
        var up = state.Members.Where(m => m.Status == MemberStatus.Up).ToList();
        var oldest = up.Count == 0 ? null : up.Aggregate((a, b) => b.IsOlderThan(a) ? b : a);
        return new ClusterMembersResponse(cluster.SelfAddress.ToString(), state.Leader?.ToString(), oldest?.Address.ToString(),
            // Which members observed the unreachability is not in the public cluster state: observedBy stays empty.
            [.. state.Unreachable.Select(m => new ClusterUnreachableResponse(m.Address.ToString(), []))],
            [.. state.Members.Select(ToResponse)]);
    }

    private static ClusterMemberResponse ToResponse(Member m) =>
        new(m.Address.ToString(), m.UniqueAddress.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)]);
}
