using System.Net;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Xunit;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.Api;

/// <summary>GET /health, /time, /metrics, /blocks, /peers, /alerts and the dashboard's data against a real in-process node.</summary>
public sealed class NodeEndpointsSpec(ApiNodeFixture fixture) : IClassFixture<ApiNodeFixture>
{
    private ApiNode Node => fixture.Node;
    private HttpClient Client => fixture.Node.Client;

    [Fact]
    public async Task Health_should_say_ready_with_the_height_and_chain_when_the_node_is_ready()
    {
        using var response = await Client.GetAsync("health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal("validator-0", body.GetProperty("node").GetString());
        Assert.Equal(Node.Genesis.ChainId, body.GetProperty("chainId").GetString());
        Assert.True(body.GetProperty("height").GetUInt64() >= 0);
    }

    [Fact]
    public async Task Time_should_return_the_bounded_now_around_the_system_clock()
    {
        var before = DateTime.UtcNow;
        var body = await BodyAsync(await Client.GetAsync("time"));
        var after = DateTime.UtcNow;

        Assert.True(body.GetProperty("bounded").GetBoolean());
        long earliest = long.Parse(body.GetProperty("earliestUnixNanos").GetString()!);
        long latest = long.Parse(body.GetProperty("latestUnixNanos").GetString()!);
        long uncertainty = body.GetProperty("uncertaintyNanos").GetInt64();
        Assert.Equal((latest - earliest) / 2, uncertainty);
        Assert.True(uncertainty > 0);
        // The interval contains true time: some moment between our two readings lies inside it.
        Assert.True(earliest <= Nanos(after) && Nanos(before) <= latest, $"[{earliest}, {latest}] misses [{Nanos(before)}, {Nanos(after)}]");
    }

    [Fact]
    public async Task Metrics_should_be_prometheus_text_with_the_seed_families()
    {
        using var response = await Client.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE roko_messages_total counter", text);
        Assert.Contains("# TYPE roko_block_time_seconds histogram", text);
    }

    [Fact]
    public async Task Blocks_should_serve_the_head_and_a_block_by_height_and_refuse_bad_heights()
    {
        await Node.AwaitHeightAsync(2, TimeSpan.FromSeconds(30));

        var head = await BodyAsync(await Client.GetAsync("blocks/head"));
        var first = await BodyAsync(await Client.GetAsync("blocks/1"));
        using var word = await Client.GetAsync("blocks/abc");
        using var zero = await Client.GetAsync("blocks/0");
        using var future = await Client.GetAsync("blocks/99999999");

        Assert.True(head.GetProperty("height").GetUInt64() >= 2);
        Assert.Equal(1UL, first.GetProperty("height").GetUInt64());
        Assert.Equal(Node.Genesis.Hash.ToString(), first.GetProperty("previousHash").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, word.StatusCode);
        Assert.Equal("height", await ErrorFieldAsync(word));
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, future.StatusCode);
        Assert.Contains("not committed yet", await ErrorAsync(future));
    }

    [Fact]
    public async Task Peers_should_list_what_the_peer_manager_knows()
    {
        using var response = await Client.GetAsync("peers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(body.GetProperty("peers").GetArrayLength(), body.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Alerts_should_list_active_alerts_or_answer_503_naming_the_missing_alerting_actor()
    {
        using var response = await Client.GetAsync("alerts");

        if (response.StatusCode == HttpStatusCode.OK)
            Assert.Equal(System.Text.Json.JsonValueKind.Array, (await BodyAsync(response)).GetProperty("alerts").ValueKind);
        else
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("/user/node/alerting", await ErrorAsync(response));
        }
    }

    [Fact]
    public async Task Dashboard_should_serve_its_page_and_data_from_the_node()
    {
        using var page = await Client.GetAsync("dashboard");
        var data = await BodyAsync(await Client.GetAsync("dashboard/data"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        foreach (var metric in new[] { SeedMetric.PeerCount, "message_rate", "bandwidth_usage", SeedMetric.LatencyP50, SeedMetric.LatencyP99,
                     SeedMetric.BlockTime, SeedMetric.FinalityTime, SeedMetric.ValidatorParticipation, SeedMetric.ForkCount,
                     SeedMetric.TimeDrift, SeedMetric.SyncAccuracy, SeedMetric.AttestationRate })
            Assert.Contains($"data-metric=\"{metric}\"", html);
        Assert.Equal("validator-0", data.GetProperty("node").GetString());
        Assert.True(data.GetProperty("ready").GetBoolean());
        Assert.Equal(10_000_000, data.GetProperty("temporal").GetProperty("uncertaintyNanos").GetInt64());
    }

    private static long Nanos(DateTime utc) => Nanoseconds.FromTimeSpan(utc - DateTime.UnixEpoch);
}
