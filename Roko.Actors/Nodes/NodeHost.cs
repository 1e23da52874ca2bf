using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Event;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Roko.Actors.Api;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Health;
using Roko.Actors.Network;

namespace Roko.Actors.Nodes;

/// <summary>
/// One node as a .NET generic host: with the HTTP API on, the API's WebApplication is the host (Kestrel, the
/// ActorSystem and the health checks in one); with it off, a plain generic host holds the ActorSystem and the checks.
/// Akka.Hosting builds the ActorSystem from the node's composed HOCON and setups (<see cref="MutualTls"/>) unchanged,
/// and starts /user/node (registered as <see cref="NodeGuardian"/>) and, with HTTP, /user/tx-status before Kestrel
/// listens. The node owns start, stop and signals (no console lifetime): <see cref="RokoNode.StopAsync"/> runs
/// coordinated shutdown, whose service-unbind phase stops Kestrel; once the system has terminated the host stops.
/// </summary>
public sealed class NodeHost
{
    private NodeHost(IHost host, ActorSystem system, IActorRef guardian, HttpApiHost? http)
    {
        Host = host;
        System = system;
        Guardian = guardian;
        Http = http;
    }

    public IHost Host { get; }
    public ActorSystem System { get; }
    public IActorRef Guardian { get; }
    public HttpApiHost? Http { get; }

    /// <summary>
    /// Over a node's config: Akka logs through the host's logger (Akka.Hosting's LoggerFactoryLogger) instead of
    /// roko.conf's StderrLogger, which the ActorSystems outside a node host keep.
    /// </summary>
    public static Akka.Configuration.Config LoggingThroughHost { get; } = Akka.Configuration.ConfigurationFactory.ParseString(
        "akka.loggers = [\"Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting\"]");

    /// <summary>
    /// <paramref name="config"/> logging through the host's logger when its loggers are roko.conf's default (StderrLogger
    /// alone); loggers an operator or a test configured are kept as they are.
    /// </summary>
    public static Akka.Configuration.Config WithHostLogging(Akka.Configuration.Config config) =>
        SettingsReader.Section(config, "akka").TextList("loggers") is [var only] && only.StartsWith(typeof(StderrLogger).FullName + ",", StringComparison.Ordinal)
            ? LoggingThroughHost.WithFallback(config)
            : config;

    /// <summary>
    /// Builds and starts the host. A port that cannot be bound stops the node again and throws an <see cref="IOException"/>
    /// naming roko.http; a system that cannot start throws what it threw.
    /// </summary>
    public static NodeHost Start(Setup[] setups, NodeServices services, HttpApiSettings httpSettings, IDisposable timeWire)
    {
        WebApplicationBuilder? web = httpSettings.Enabled ? HttpApiHost.CreateBuilder(httpSettings) : null;
        IHostApplicationBuilder builder = web ?? (IHostApplicationBuilder)Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(
            new HostApplicationBuilderSettings { ApplicationName = "roko", ContentRootPath = AppContext.BaseDirectory });
        // One logging pipeline: Akka's events go through the host's logger (Akka.Hosting's LoggerFactoryLogger, named in
        // akka.loggers by LoggingThroughHost) to StderrLoggerProvider, in the lines StderrLogger writes. akka.loglevel
        // filters Akka's events; the host's own categories (Kestrel, hosting) only say warnings and errors.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new StderrLoggerProvider());
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
        builder.Logging.AddFilter((category, level) => category?.StartsWith("Akka", StringComparison.Ordinal) == true || level >= Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NodeOwnedLifetime>();
        builder.Services.AddHealthChecks();
        ActorSystem? created = null;
        var statusView = new NodeStatusView();
        builder.Services.AddAkka(RokoNode.SystemName, (akka, provider) =>
        {
            foreach (var setup in setups) akka.AddSetup(setup);
            akka.AddSetup(new LoggerFactorySetup(provider.GetRequiredService<ILoggerFactory>()));
            akka.WithNodeHealthChecks(httpSettings.AskTimeout);
            akka.StartActors((system, registry) =>
            {
                created = system;
                system.WhenTerminated.ContinueWith(_ => timeWire.Dispose(), TaskScheduler.Default);
                var guardLog = Logging.GetLogger(system, typeof(NodeGuard));
                services.Guard.LogTo(line => guardLog.Warning(line));
                var guardian = system.ActorOf(NodeGuardian.Props(services), "node");
                registry.Register<NodeGuardian>(guardian);
                PendingOnStop.Register(system, guardian, services.Settings.Name);
                if (httpSettings.Enabled)
                {
                    registry.Register<TransactionStatusTracker>(system.ActorOf(TransactionStatusTracker.Props(httpSettings.TrackedTransactions), "tx-status"));
                    system.ActorOf(NodeStatusFollower.Props(guardian, statusView), NodeStatusFollower.Name);
                }
            });
        });
        if (web is null) return Started(((HostApplicationBuilder)builder).Build(), services, null, () => created);

        web.Services.AddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<ActorRegistry>();
            return new NodeApi(sp.GetRequiredService<ActorSystem>(), registry.Get<NodeGuardian>(), services, httpSettings, registry.Get<TransactionStatusTracker>(),
                statusView);
        });
        var app = web.Build();
        var http = HttpApiHost.Map(app, services, httpSettings);
        try
        {
            return Started(app, services, http, () => created);
        }
        catch (IOException e)
        {
            http.DisposeAsync().AsTask().Wait();
            throw new IOException($"roko.http: cannot listen on {httpSettings.Host}:{httpSettings.Port}: {e.Message}", e);
        }
    }

    /// <summary>Starts the host; when it fails, terminates the ActorSystem if <paramref name="created"/> says it was started.</summary>
    private static NodeHost Started(IHost host, NodeServices services, HttpApiHost? http, Func<ActorSystem?> created)
    {
        try
        {
            host.StartAsync().GetAwaiter().GetResult();
        }
        catch
        {
            created()?.Terminate().Wait();
            host.Dispose();
            services.Dispose();
            throw;
        }
        var system = host.Services.GetRequiredService<ActorSystem>();
        var guardian = ActorRegistry.For(system).Get<NodeGuardian>();
        if (http is not null)
        {
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-http-api", async () =>
            {
                await http.StopAsync();
                return Akka.Done.Instance;
            });
            system.WhenTerminated.ContinueWith(_ => http.StopAsync(), TaskScheduler.Default);
        }
        return new NodeHost(host, system, guardian, http);
    }

    /// <summary>Stops the host (the ActorSystem has terminated by then: coordinated shutdown is not run twice) and releases it.</summary>
    public async Task DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(HttpApiHost.StopGrace))
            await Host.StopAsync(timeout.Token);
        if (Http is not null) await Http.DisposeAsync();
        Host.Dispose();
    }
}
