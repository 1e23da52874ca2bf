using System.Net;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>The node guard's share per client address on the HTTP API, and a node without a management token.</summary>
public sealed class HttpApiLimitsSpec
{
    private const int Burst = 10;
    private const int Requests = 30;

    [Fact]
    public async Task Requests_over_the_client_share_should_get_429_with_retry_after_while_health_stays_served_and_writes_without_a_token_403()
    {
        // One token a second, ten at once: thirty quick requests cannot all be served however slow the machine.
        await using var node = await ApiNode.StartAsync($$"""
            roko.http.token = ""
            roko.network.ddos { replenish-period = 1s, http { rate-per-second = 1, burst = {{Burst}} } }
            """);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"cluster/members/{Uri.EscapeDataString(node.Node.Address.ToString())}?operation=Leave");
        put.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiNode.Token);
        using var forbidden = await node.Client.SendAsync(put);
        var answers = new List<HttpResponseMessage>();
        for (int i = 1; i < Requests; i++) answers.Add(await node.Client.GetAsync("time"));
        using var health = await node.Client.GetAsync("health");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("ROKO_HTTP_TOKEN", await ErrorAsync(forbidden));
        Assert.All(answers.Take(Burst - 1), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var limited = answers.FirstOrDefault(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.True(limited is not null, $"no 429 among {Requests} requests: {string.Join(", ", answers.Select(a => (int)a.StatusCode))}");
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"429 without a Retry-After in whole seconds: {limited.Headers.RetryAfter}");
        Assert.Contains("roko.network.ddos.http", await ErrorAsync(limited));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // the monitoring routes have a budget of their own
        Assert.True(await CounterAsync(node.Client, "roko_ddos_rate_limited_total") >= 1);
        Assert.Equal(Akka.Cluster.MemberStatus.Up, Akka.Cluster.Cluster.Get(node.Node.System).SelfMember.Status);
        foreach (var answer in answers) answer.Dispose();
    }
}
