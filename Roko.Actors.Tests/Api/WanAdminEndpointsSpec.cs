using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>A node with <c>roko.network.wan.admin-endpoint = on</c>, shared by the tests of a class.</summary>
public sealed class WanAdminNodeFixture : IAsyncLifetime
{
    private ApiNode? _node;

    public ApiNode Node => _node ?? throw new InvalidOperationException("the fixture is not initialized");

    public async Task InitializeAsync() => _node = await ApiNode.StartAsync("roko.network.wan.admin-endpoint = on");

    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
    }
}

/// <summary>The test-only /admin/wan routes: mapped only when the HOCON flag is on, token-guarded, strict about their input.</summary>
public sealed class WanAdminEndpointsSpec(WanAdminNodeFixture on, ApiNodeFixture off) : IClassFixture<WanAdminNodeFixture>, IClassFixture<ApiNodeFixture>
{
    private HttpClient Client => on.Node.Client;

    [Fact]
    public async Task Wan_routes_should_not_exist_when_the_admin_endpoint_is_off()
    {
        using var cut = await off.Node.Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/cut"));
        using var heal = await off.Node.Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/heal"));
        using var state = await off.Node.Client.GetAsync("admin/wan");

        Assert.Equal(HttpStatusCode.NotFound, cut.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, heal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
    }

    [Fact]
    public async Task Cut_without_a_body_should_cut_every_link_until_heal()
    {
        try
        {
            using var cut = await Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/cut"));

            Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
            Assert.True((await BodyAsync(cut)).GetProperty("allPeers").GetBoolean());
            Assert.True((await BodyAsync(await Client.GetAsync("admin/wan"))).GetProperty("allPeers").GetBoolean());
        }
        finally
        {
            using var heal = await Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/heal"));
            Assert.Equal(HttpStatusCode.OK, heal.StatusCode);
        }
        await AssertNothingCutAsync();
    }

    [Fact]
    public async Task Cut_should_cut_only_the_named_peers()
    {
        try
        {
            using var cut = await Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/cut",
                RawJson("""{"peers": ["akka.tcp://roko@127.0.0.1:4053", "akka.tcp://roko@127.0.0.1:4054"]}""")));

            Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
            var body = await BodyAsync(cut);
            Assert.False(body.GetProperty("allPeers").GetBoolean());
            Assert.Equal(["akka.tcp://roko@127.0.0.1:4053", "akka.tcp://roko@127.0.0.1:4054"],
                body.GetProperty("peers").EnumerateArray().Select(p => p.GetString()));
        }
        finally
        {
            using var heal = await Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/heal"));
        }
        await AssertNothingCutAsync();
    }

    [Theory]
    [InlineData("""{"peers": ["not an address"]}""", "peers[0]")]
    [InlineData("""{"peers": ["akka.tcp://roko@127.0.0.1:4053", ""]}""", "peers[1]")]
    [InlineData("""{"peers": "akka.tcp://roko@127.0.0.1:4053"}""", "peers")]
    [InlineData("""{"peers": [""", "peers[0]")]
    [InlineData("not json", "body")]
    public async Task Cut_should_answer_400_naming_the_field_and_cut_nothing_when_the_body_is_malformed(string json, string field)
    {
        using var response = await Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/cut", RawJson(json)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, await ErrorFieldAsync(response));
        await AssertNothingCutAsync();
    }

    [Fact]
    public async Task Cut_should_answer_415_and_cut_nothing_when_the_body_is_not_json()
    {
        using var response = await Client.SendAsync(Authorized(HttpMethod.Post, "admin/wan/cut",
            new StringContent("peers=all", Encoding.UTF8, "application/x-www-form-urlencoded")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Content-Type", await ErrorFieldAsync(response));
        await AssertNothingCutAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    public async Task Cut_and_heal_should_be_refused_with_401_and_cut_nothing_without_the_right_bearer(string? authorization)
    {
        foreach (var action in new[] { "cut", "heal" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "admin/wan/" + action);
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

            using var response = await Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Authorization", await ErrorFieldAsync(response));
        }
        await AssertNothingCutAsync();
    }

    private async Task AssertNothingCutAsync()
    {
        var state = await BodyAsync(await Client.GetAsync("admin/wan"));
        Assert.False(state.GetProperty("allPeers").GetBoolean());
        Assert.Empty(state.GetProperty("peers").EnumerateArray());
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiNode.Token);
        return request;
    }
}
