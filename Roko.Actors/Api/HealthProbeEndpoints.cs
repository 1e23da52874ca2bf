using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Roko.Actors.Health;

namespace Roko.Actors.Api;

/// <summary>
/// GET /health/live and GET /health/ready: the node's health checks (<see cref="NodeHealthChecks"/>) with the live and
/// the ready tag, 200 when all pass and 503 when one fails, as plain text: the overall status, then one line per check
/// (name, status, description) so an operator reading a failed probe sees which check failed and why.
/// </summary>
public static class HealthProbeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", Options(NodeHealthChecks.LiveTag));
        app.MapHealthChecks("/health/ready", Options(NodeHealthChecks.ReadyTag));
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
        ResponseWriter = WriteAsync,
    };

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            text.Append(name).Append(": ").Append(entry.Status).Append(entry.Description is { } d ? " - " + d : "").Append('\n');
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text.ToString());
    }
}
