using System.Net;
using System.Net.Http.Headers;
using Akka.Cluster;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>The Akka.Management-shaped /cluster/members routes against a real one-node cluster.</summary>
public sealed class ClusterEndpointsSpec(ApiNodeFixture fixture) : IClassFixture<ApiNodeFixture>
{
    private ApiNode Node => fixture.Node;
    private HttpClient Client => fixture.Node.Client;
    private string Self => Node.Node.Address.ToString();

    [Fact]
    public async Task Members_should_list_this_node_as_up_with_its_roles()
    {
        var body = await BodyAsync(await Client.GetAsync("cluster/members"));

        Assert.Equal(Self, body.GetProperty("selfNode").GetString());
        var member = Assert.Single(body.GetProperty("members").EnumerateArray());
        Assert.Equal(Self, member.GetProperty("node").GetString());
        Assert.Equal("Up", member.GetProperty("status").GetString());
        Assert.Contains("validator", member.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Member_should_be_found_by_its_encoded_address_with_or_without_protocol_and_404_otherwise()
    {
        using var full = await Client.GetAsync("cluster/members/" + Uri.EscapeDataString(Self));
        using var bare = await Client.GetAsync("cluster/members/" + Uri.EscapeDataString(Self[(Self.IndexOf("://", StringComparison.Ordinal) + 3)..]));
        using var missing = await Client.GetAsync("cluster/members/" + Uri.EscapeDataString("akka.tcp://roko@127.0.0.1:1"));

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(Self, (await BodyAsync(full)).GetProperty("node").GetString());
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("address", await ErrorFieldAsync(missing));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer wrong-token")]
    public async Task Management_writes_should_be_refused_with_401_and_change_nothing_without_the_right_bearer(string? authorization)
    {
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, $"cluster/members/{Uri.EscapeDataString(Self)}?operation=Leave");
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

            using var response = await Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Authorization", await ErrorFieldAsync(response));
        }
        Assert.Equal(MemberStatus.Up, Cluster.Get(Node.Node.System).SelfMember.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?operation=Explode")]
    public async Task Put_member_should_answer_400_naming_operation_and_change_nothing_when_it_is_missing_or_unknown(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"cluster/members/{Uri.EscapeDataString(Self)}{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiNode.Token);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("operation", await ErrorFieldAsync(response));
        Assert.Equal(MemberStatus.Up, Cluster.Get(Node.Node.System).SelfMember.Status);
    }

    [Fact]
    public async Task Put_member_should_answer_404_for_an_unknown_member_even_with_the_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"cluster/members/{Uri.EscapeDataString("akka.tcp://roko@127.0.0.1:1")}")
        {
            Content = new FormUrlEncodedContent([new("operation", "Down")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiNode.Token);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
