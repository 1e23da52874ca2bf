using System.Net;
using System.Net.Http.Headers;
using Akka.Cluster;
using Roko.Actors.Tests.MultiNode;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Api;

/// <summary>A Leave through PUT /cluster/members/{address} makes that member leave a real two-node cluster.</summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ClusterLeaveSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Token = "leave-token-77";
    private readonly ValidatorNetwork _network = new(output);

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Put_member_with_operation_Leave_should_make_the_member_leave_the_cluster()
    {
        await _network.StartAsync(2, hocon: Akka.Configuration.ConfigurationFactory.ParseString($"roko.http {{ enabled = on, port = 0, token = \"{Token}\" }}"));
        var (first, second) = (_network.Nodes[0].Node, _network.Nodes[1].Node);
        using var client = new HttpClient { BaseAddress = first.HttpAddress };
        using var request = new HttpRequestMessage(HttpMethod.Put, "cluster/members/" + Uri.EscapeDataString(second.Address.ToString()))
        {
            Content = new FormUrlEncodedContent([new("operation", "Leave")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Leaving {second.Address}", (await ApiRequests.BodyAsync(response)).GetProperty("message").GetString());
        await Eventually.AwaitAssertAsync(() =>
            Assert.DoesNotContain(Cluster.Get(first.System).State.Members, m => m.Address.Equals(second.Address)), TimeSpan.FromSeconds(30));
        Assert.Contains(Cluster.Get(first.System).State.Members, m => m.Address.Equals(first.Address) && m.Status == MemberStatus.Up);
    }

    public async Task DisposeAsync()
    {
        await _network.DisposeAsync();
        foreach (var node in _network.Nodes)
            if (node.Node.Http is { } http) await http.DisposeAsync();
    }
}
