using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Roko.Actors.Api;

namespace Roko.Actors.Nodes;

/// <summary>
/// The management endpoint other nodes' Cluster Bootstrap probes: <c>GET /bootstrap/seed-nodes</c> on Kestrel, answered
/// with Akka.Management's own contact-point protocol (<see cref="HttpBootstrapJsonProtocol.SeedNodes"/>, serialized with
/// Newtonsoft.Json as its probes deserialize it): this node's address and the members of its cluster that are reachable
/// and Joining, WeaklyUp or Up; none while this node is leaving or down. Akka.Management's own server cannot run here:
/// Akka.Http.Shim 1.5.73 calls a Ceen.Httpd 0.9.9 method that 0.9.10, the only version served, no longer has (binding
/// fails with MissingMethodException). Plain HTTP, nothing else served.
/// </summary>
internal sealed class BootstrapEndpoint : IAsyncDisposable
{
    public const string SeedNodesPath = "/bootstrap/seed-nodes";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private static readonly MemberStatus[] Offered = [MemberStatus.Joining, MemberStatus.WeaklyUp, MemberStatus.Up];
    private static readonly MemberStatus[] Departing = [MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Down, MemberStatus.Removed];
    private readonly WebApplication _app;
    private readonly Lazy<Task> _stopped;

    private BootstrapEndpoint(WebApplication app)
    {
        _app = app;
        _stopped = new Lazy<Task>(StopOnceAsync);
    }

    /// <summary>Listens on <paramref name="at"/>; a port that cannot be bound is an <see cref="IOException"/>.</summary>
    public static async Task<BootstrapEndpoint> StartAsync(ActorSystem system, IPEndPoint at)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "roko-bootstrap", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NodeOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(at);
        });
        var app = builder.Build();
        var cluster = Cluster.Get(system);
        app.MapGet(SeedNodesPath, () => Results.Text(JsonConvert.SerializeObject(SeedNodesOf(cluster)), "application/json"));
        try
        {
            await app.StartAsync();
        }
        catch (IOException)
        {
            await app.DisposeAsync();
            throw;
        }
        return new BootstrapEndpoint(app);
    }

    /// <summary>What a probe learns from this node.</summary>
    private static HttpBootstrapJsonProtocol.SeedNodes SeedNodesOf(Cluster cluster)
    {
        var self = cluster.SelfMember;
        if (Departing.Contains(self.Status)) return new(self.Address, []);
        var state = cluster.State;
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && Offered.Contains(m.Status))
            .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToImmutableList();
        return new(self.Address, members);
    }

    /// <summary>Stops listening; later calls wait for the first.</summary>
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
    }
}
