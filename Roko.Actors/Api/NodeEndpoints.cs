using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;

namespace Roko.Actors.Api;

/// <summary>
/// GET /health (200 ready / 503 not ready, with the height and the components that stopped for good), GET /time (the
/// clock's bounded now) and GET /metrics.
/// </summary>
public static class NodeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (NodeApi api, CancellationToken cancel) =>
        {
            var status = await api.StatusAsync(cancel);
            var s = api.Services.Settings;
            var body = new HealthResponse(s.Name, s.Role.ToString().ToLowerInvariant(), s.Region, api.Services.Genesis.ChainId, status.Ready, status.Tip?.Height,
                status.Tip?.LastBlockHash.ToString(), [.. status.Stopped]);
            return Results.Json(body, ApiJsonContext.Default.HealthResponse,
                statusCode: status.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/time", (NodeApi api) => Results.Json(Time(api.Services.Clock), ApiJsonContext.Default.TimeResponse));

        app.MapGet("/metrics", (NodeApi api) => Results.Text(api.Services.Exposition.Render(), PrometheusExposition.ContentType));
    }

    public static TimeResponse Time(IClock clock)
    {
        var now = clock.Now();
        string? status = clock is DisciplinedClock disciplined ? disciplined.Status.ToString().ToLowerInvariant() : null;
        if (!now.IsBounded) return new TimeResponse(null, null, null, null, false, null, status ?? ClockStatus.Unsynchronized.ToString().ToLowerInvariant());
        return new TimeResponse(now.Earliest.ToString(), now.Latest.ToString(), Nanos(now.Earliest), Nanos(now.Latest), true, now.HalfWidthNanos, status);
    }

    private static string Nanos(NanoMoment moment) => moment.UnixNanoseconds.ToString(CultureInfo.InvariantCulture);
}
