using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Roko.Actors.Api;

/// <summary>
/// The node's Kestrel server (ASP.NET Core minimal APIs) on <c>roko.http.host</c>:<c>roko.http.port</c>, started and
/// stopped by the RokoNode. Every request passes the node's guard per client address (<see cref="ClientAdmission"/>: 429 with
/// Retry-After over its share), the body size limit, and the error mapping (an actor that does not answer in time → 503).
/// </summary>
public sealed class HttpApiHost : IAsyncDisposable
{
    /// <summary>How long stopping waits for requests in flight before it cuts them off.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly WebApplication _app;
    private readonly MonitoringBudget _monitoring;
    private readonly Lazy<Task> _stopped;

    private HttpApiHost(WebApplication app, MonitoringBudget monitoring, Uri address)
    {
        _app = app;
        _monitoring = monitoring;
        Address = address;
        _stopped = new Lazy<Task>(StopOnceAsync);
    }

    /// <summary>The bound address, e.g. http://127.0.0.1:8642/ (the real port when roko.http.port is 0).</summary>
    public Uri Address { get; }

    public static async Task<HttpApiHost> StartAsync(NodeApi api, CancellationToken cancel = default)
    {
        var settings = api.Settings;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "roko", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The node owns start and stop (and SIGTERM handling): no console lifetime.
        builder.Services.AddSingleton<IHostLifetime, NodeOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            kestrel.Listen(settings.Host, settings.Port);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddSingleton(api);

        var app = builder.Build();
        var monitoring = new MonitoringBudget(settings.MonitoringRatePerSecond, settings.MonitoringBurst);
        var admission = new ClientAdmission(api.Services.Guard, api.Services.Clock, monitoring, api.Services.Metrics);
        app.Use(admission.InvokeAsync);
        app.Use(MapFailures);
        NodeEndpoints.Map(app);
        TransactionEndpoints.Map(app, settings);
        BlockEndpoints.Map(app);
        PeerEndpoints.Map(app);
        AlertEndpoints.Map(app);
        ClusterEndpoints.Map(app, settings);
        DashboardEndpoints.Map(app);
        ArchiveEndpoints.Map(app);
        ForkEndpoints.Map(app, settings);
        if (api.Services.OverlaySettings.Wan.AdminEndpoint) WanAdminEndpoints.Map(app, settings);

        try
        {
            await app.StartAsync(cancel);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            monitoring.Dispose();
            throw new IOException($"roko.http: cannot listen on {settings.Host}:{settings.Port}: {e.Message}", e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpApiHost(app, monitoring, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
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

    /// <summary>Stops listening and finishes requests in flight; later calls wait for the first.</summary>
    public Task StopAsync() => _stopped.Value;

    private async Task StopOnceAsync()
    {
        using var timeout = new CancellationTokenSource(StopGrace);
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        _monitoring.Dispose();
    }

    /// <summary>The node owns start, stop and the signals: a Kestrel host of the node runs without a console lifetime.</summary>
    internal sealed class NodeOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
