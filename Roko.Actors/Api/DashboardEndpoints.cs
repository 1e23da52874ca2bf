using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Monitoring;

namespace Roko.Actors.Api;

/// <summary>
/// GET /dashboard: the Network Health Dashboard, one self-contained page (embedded resource, no external files)
/// that polls GET /dashboard/data every second and draws the seeds' network, consensus and temporal metrics.
/// </summary>
public static class DashboardEndpoints
{
    public const string PageResource = "Roko.Actors.Api.Dashboard.dashboard.html";
    private const string HtmlContentType = "text/html; charset=utf-8";
    private static readonly Lazy<string> Page = new(LoadPage);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", () => Results.Text(Page.Value, HtmlContentType));
        app.MapGet("/dashboard/data", async (NodeApi api, CancellationToken cancel) =>
            Results.Json(await DataAsync(api, cancel), ApiJsonContext.Default.DashboardData));
    }

    public static async Task<DashboardData> DataAsync(NodeApi api, CancellationToken cancel)
    {
        var status = await api.StatusAsync(cancel);
        var metrics = api.Services.Metrics.Snapshot();
        string exposition = api.Services.Exposition.Render();
        var time = NodeEndpoints.Time(api.Services.Clock);
        var alerts = await AlertEndpoints.ActiveAsync(api, cancel);
        return new DashboardData(
            api.Services.Settings.Name,
            status.Ready,
            status.Tip?.Height,
            new DashboardNetwork(metrics[SeedMetric.PeerCount], PrometheusTotals.Sum(exposition, "roko_messages_total"),
                PrometheusTotals.Sum(exposition, "roko_bandwidth_bytes_total"), metrics[SeedMetric.LatencyP50], metrics[SeedMetric.LatencyP99]),
            new DashboardConsensus(metrics[SeedMetric.BlockTime], metrics[SeedMetric.FinalityTime], metrics[SeedMetric.ValidatorParticipation],
                metrics[SeedMetric.ForkCount], [.. metrics.MissingValidators]),
            new DashboardTemporal(metrics[SeedMetric.TimeDrift], metrics[SeedMetric.SyncAccuracy], metrics[SeedMetric.AttestationRate],
                time.UncertaintyNanos, time.ClockStatus),
            alerts is not null,
            alerts ?? []);
    }

    private static string LoadPage()
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(PageResource)
                           ?? throw new InvalidOperationException($"embedded resource {PageResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
