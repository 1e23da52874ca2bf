using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Monitoring;

namespace Roko.Actors.Api;

/// <summary>GET /alerts: the pending and firing alerts of the Alerting actor at /user/node/alerting; 503 when this node hosts none.</summary>
public static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/alerts", async (NodeApi api, CancellationToken cancel) =>
            await ActiveAsync(api, cancel) is { } alerts
                ? Results.Json(new AlertsResponse(alerts), ApiJsonContext.Default.AlertsResponse)
                : ApiResults.Error(StatusCodes.Status503ServiceUnavailable,
                    $"alerting is not running on this node (no actor at {NodeApi.AlertingPath}); see roko.alerting", code: "alerting_unavailable"));
    }

    /// <summary>The active alerts, or null when no Alerting actor runs.</summary>
    public static async Task<AlertResponse[]?> ActiveAsync(NodeApi api, CancellationToken cancel)
    {
        var alerting = await api.FindAsync(NodeApi.AlertingPath);
        if (alerting is null) return null;
        var current = await api.AskAsync<AlertingProtocol.CurrentAlerts>(alerting, AlertingProtocol.GetActiveAlerts.Instance, cancel);
        return [.. current.Alerts.Select(ToResponse)];
    }

    private static AlertResponse ToResponse(AlertingProtocol.ActiveAlert a) => new(a.Rule.Name, a.Rule.Summary, a.Rule.Severity.ToText(),
        a.Rule.Metric, a.State.Phase.ToString().ToLowerInvariant(), a.State.Value, a.State.ActiveSince?.ToString(), a.State.FiredAt?.ToString());
}
