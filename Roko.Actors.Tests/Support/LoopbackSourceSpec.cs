using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Roko.Actors.Tests.Support;

/// <summary>The premise of the guard specs: servers on 127.0.0.1 tell <see cref="LoopbackSource"/> clients apart by address.</summary>
public sealed class LoopbackSourceSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Kestrel_on_127_0_0_1_should_see_each_http_client_from_the_loopback_address_it_chose()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapGet("/", (HttpContext http) => http.Connection.RemoteIpAddress!.ToString());
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var second = LoopbackSource.HttpClient(LoopbackSource.Address(2), bound, Generous);
        using var third = LoopbackSource.HttpClient(LoopbackSource.Address(3), bound, Generous);

        Assert.Equal("127.0.0.2", await second.GetStringAsync("/"));
        Assert.Equal("127.0.0.3", await third.GetStringAsync("/"));
        Assert.Equal("127.0.0.2", await second.GetStringAsync("/"));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_udp_socket_on_127_0_0_1_should_see_each_client_from_the_loopback_address_it_chose()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var to = (IPEndPoint)server.Client.LocalEndPoint!;
        using var fourth = LoopbackSource.UdpClient(LoopbackSource.Address(4));
        using var fifth = LoopbackSource.UdpClient(LoopbackSource.Address(5));

        await fourth.SendAsync(new byte[] { 4 }, to);
        var first = await server.ReceiveAsync().WaitAsync(Generous);
        await fifth.SendAsync(new byte[] { 5 }, to);
        var second = await server.ReceiveAsync().WaitAsync(Generous);

        Assert.Equal(IPAddress.Parse("127.0.0.4"), first.RemoteEndPoint.Address);
        Assert.Equal(IPAddress.Parse("127.0.0.5"), second.RemoteEndPoint.Address);
    }
}
