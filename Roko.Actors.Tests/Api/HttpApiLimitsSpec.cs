using System.Net;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>The per-client rate limit and a node without a management token.</summary>
public sealed class HttpApiLimitsSpec
{
    [Fact]
    public async Task Requests_over_the_rate_limit_should_get_429_with_retry_after_and_writes_without_a_configured_token_403()
    {
        await using var node = await ApiNode.StartAsync("""
            roko.http {
              token = ""
              rate-limit { permits = 3, window = 10m }
            }
            """);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"cluster/members/{Uri.EscapeDataString(node.Node.Address.ToString())}?operation=Leave");
        put.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiNode.Token);
        using var forbidden = await node.Client.SendAsync(put);
        using var second = await node.Client.GetAsync("health");
        using var third = await node.Client.GetAsync("health");
        using var limited = await node.Client.GetAsync("health");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("ROKO_HTTP_TOKEN", await ErrorAsync(forbidden));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null, "429 without Retry-After");
        Assert.Contains("roko.http.rate-limit", await ErrorAsync(limited));
        Assert.Equal(Akka.Cluster.MemberStatus.Up, Akka.Cluster.Cluster.Get(node.Node.System).SelfMember.Status);
    }
}
