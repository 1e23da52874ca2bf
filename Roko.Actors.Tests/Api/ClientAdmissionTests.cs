using System.Net;
using System.Text.Json;
using Akka.Configuration;
using Microsoft.AspNetCore.Http;
using Roko.Actors.Api;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Api;

/// <summary>What the HTTP API's admission answers, on a guard whose clock stands still unless the test moves it.</summary>
public sealed class ClientAdmissionTests : IDisposable
{
    private static readonly IPAddress Flooder = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress Other = IPAddress.Parse("192.0.2.8");
    private readonly ManualClock _clock = new(NanoMoment.FromUnixSeconds(1_800_000_000));
    private readonly NodeGuard _guard;
    private readonly MonitoringBudget _monitoring = new(ratePerSecond: 1, burst: 2);
    private readonly ClientAdmission _admission;

    public ClientAdmissionTests()
    {
        // 20 requests/s in steps of one token per 50 ms, two at once: the third request at the same moment is over the share.
        var settings = DdosGuardSettings.Create(ConfigurationFactory.ParseString("roko.network.ddos.http { rate-per-second = 20, burst = 2 }")
            .WithFallback(RokoConfig.Defaults));
        _guard = new NodeGuard(settings, _clock, metrics: null);
        _admission = new ClientAdmission(_guard, _clock, _monitoring, metrics: null);
    }

    [Fact]
    public async Task Admission_should_pass_requests_within_the_client_share_to_the_endpoint()
    {
        var first = await SendAsync(Flooder, "/time");
        var second = await SendAsync(Flooder, "/txs", "POST");

        Assert.True(first.Served);
        Assert.True(second.Served);
        Assert.Equal(StatusCodes.Status200OK, second.Status);
    }

    [Fact]
    public async Task Admission_should_answer_429_with_retry_after_and_the_error_naming_the_setting_when_the_client_is_over_its_share()
    {
        await SendAsync(Flooder, "/time");
        await SendAsync(Flooder, "/time");

        var refused = await SendAsync(Flooder, "/time");
        var other = await SendAsync(Other, "/time");

        Assert.False(refused.Served);
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Status);
        Assert.Equal("1", refused.RetryAfter); // 50 ms until the next token, in whole seconds rounded up
        Assert.Contains("roko.network.ddos.http", refused.Error);
        Assert.Contains("20 requests/s", refused.Error);
        Assert.Equal(ClientAdmission.RateLimitedCode, refused.Code);
        Assert.StartsWith("application/json", refused.ContentType);
        Assert.True(other.Served, "another client address keeps its own share");
        Assert.Equal(1, _guard.Totals().RateLimited);
    }

    [Fact]
    public async Task Admission_should_tell_a_blacklisted_client_to_retry_when_its_blacklisting_ends()
    {
        Blacklist(Flooder);

        var refused = await SendAsync(Flooder, "/time");
        _clock.Advance(TimeSpan.FromSeconds(100.5));
        var later = await SendAsync(Flooder, "/blocks/head");

        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Status);
        Assert.Equal(ClientAdmission.BlacklistedCode, refused.Code);
        Assert.Equal("300", refused.RetryAfter); // roko.network.ddos.blacklist-base = 5m
        Assert.Contains("blacklisted for 300 s", refused.Error);
        Assert.Equal("200", later.RetryAfter); // 199.5 s left, rounded up
        Assert.False(later.Served);
    }

    [Fact]
    public async Task Admission_should_serve_health_and_metrics_to_a_blacklisted_client_within_its_monitoring_budget()
    {
        Blacklist(Flooder);

        var health = await SendAsync(Flooder, "/health");
        var metrics = await SendAsync(Flooder, "/metrics");
        var overBudget = await SendAsync(Flooder, "/metrics");
        var postHealth = await SendAsync(Other, "/health", "POST");

        Assert.True(health.Served);
        Assert.True(metrics.Served);
        Assert.False(overBudget.Served);
        Assert.Equal(StatusCodes.Status429TooManyRequests, overBudget.Status);
        Assert.True(int.Parse(overBudget.RetryAfter!) >= 1);
        Assert.Contains("roko.http.monitoring", overBudget.Error);
        Assert.Equal(ClientAdmission.RateLimitedCode, overBudget.Code);
        Assert.True(postHealth.Served, "only GET and HEAD are monitoring: a POST is the guard's, and this client has its share");
        Assert.Equal(1, _guard.Totals().Allowed);
    }

    private void Blacklist(IPAddress address)
    {
        var source = GuardSource.Address(address);
        while (!_guard.IsBlacklisted(source)) _guard.ReportInvalid(GuardPath.Http, source, "test: forged");
    }

    private async Task<Answer> SendAsync(IPAddress from, string path, string method = "GET")
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = from;
        http.Request.Method = method;
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        bool served = false;
        await _admission.InvokeAsync(http, _ =>
        {
            served = true;
            return Task.CompletedTask;
        });
        string? error = null, code = null;
        if (http.Response.Body.Length > 0)
        {
            http.Response.Body.Position = 0;
            using var body = await JsonDocument.ParseAsync(http.Response.Body);
            error = body.RootElement.GetProperty("error").GetString();
            code = body.RootElement.GetProperty("code").GetString();
        }
        string? retryAfter = http.Response.Headers.RetryAfter.Count > 0 ? http.Response.Headers.RetryAfter.ToString() : null;
        return new Answer(served, http.Response.StatusCode, retryAfter, error, code, http.Response.ContentType);
    }

    public void Dispose()
    {
        _guard.Dispose();
        _monitoring.Dispose();
    }

    private sealed record Answer(bool Served, int Status, string? RetryAfter, string? Error, string? Code, string? ContentType);
}
