using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Roko.Actors.Nodes;

namespace Roko.Actors.Api;

/// <summary>
/// The node's HTTP API: Kestrel (ASP.NET Core minimal APIs) on <c>roko.http.host</c>:<c>roko.http.port</c> inside the
/// node's generic host (<see cref="Nodes.NodeHost"/>: the WebApplication is the host, with the ActorSystem and the
/// health checks in it). Every request passes the node's guard per client address (<see cref="ClientAdmission"/>: 429
/// with Retry-After over its share), the body size limit, and the error mapping (an actor that does not answer in time → 503).
/// </summary>
public sealed class HttpApiHost : IAsyncDisposable
{
    /// <summary>How long stopping waits for requests in flight before it cuts them off.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly IServer _server;
    private readonly MonitoringBudget _monitoring;
    private readonly Lazy<Task> _stopped;

    private HttpApiHost(IServer server, MonitoringBudget monitoring)
    {
        _server = server;
        _monitoring = monitoring;
        _stopped = new Lazy<Task>(StopOnceAsync);
    }

    /// <summary>The bound address once the host runs, e.g. http://127.0.0.1:8642/ (the real port when roko.http.port is 0).</summary>
    public Uri Address
    {
        get
        {
            var bound = _server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(bound.EndsWith('/') ? bound : bound + "/");
        }
    }

    /// <summary>The node's host builder with Kestrel listening on roko.http (the caller adds the ActorSystem and builds it).</summary>
    public static WebApplicationBuilder CreateBuilder(HttpApiSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "roko", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Listen(settings.Host, settings.Port);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        return builder;
    }

    /// <summary>
    /// Maps the admission guard, the error mapping and every route on the built host; the endpoints take their
    /// <see cref="NodeApi"/> from the host's services. It listens once the host starts.
    /// </summary>
    public static HttpApiHost Map(WebApplication app, NodeServices services, HttpApiSettings settings)
    {
        var monitoring = new MonitoringBudget(settings.MonitoringRatePerSecond, settings.MonitoringBurst);
        var admission = new ClientAdmission(services.Guard, services.Clock, monitoring, services.Metrics);
        app.Use(admission.InvokeAsync);
        app.Use(MapFailures);
        NodeEndpoints.Map(app);
        HealthProbeEndpoints.Map(app);
        TransactionEndpoints.Map(app, settings);
        BlockEndpoints.Map(app);
        PeerEndpoints.Map(app);
        AlertEndpoints.Map(app);
        ClusterEndpoints.Map(app, settings);
        DashboardEndpoints.Map(app);
        ArchiveEndpoints.Map(app);
        ForkEndpoints.Map(app, settings);
        if (services.OverlaySettings.Wan.AdminEndpoint) WanAdminEndpoints.Map(app, settings);
        return new HttpApiHost(app.Services.GetRequiredService<IServer>(), monitoring);
    }

    private static async Task MapFailures(HttpContext http, RequestDelegate next)
    {
        try
        {
            await next(http);
        }
        catch (AskTimeoutException) when (!http.Response.HasStarted)
        {
            await Write(http, StatusCodes.Status503ServiceUnavailable, new ApiError("the node did not answer in time (roko.http.ask-timeout); try again", Code: "timeout"));
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            string message = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "body: larger than roko.http.max-request-body-bytes"
                : "request: " + e.Message;
            await Write(http, e.StatusCode, new ApiError(message, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body" : null));
        }
    }

    private static Task Write(HttpContext http, int status, ApiError error)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(error, ApiJsonContext.Default.ApiError);
    }

    /// <summary>Stops listening and finishes requests in flight (the rest of the host keeps running); later calls wait for the first.</summary>
    public Task StopAsync() => _stopped.Value;

    private async Task StopOnceAsync()
    {
        using var timeout = new CancellationTokenSource(StopGrace);
        await _server.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _monitoring.Dispose();
    }
}
