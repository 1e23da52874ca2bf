using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using Roko.Actors.Network;

namespace Roko.Actors.Api;

/// <summary>
/// The HTTP API's door, before any endpoint runs: every request is admitted by the node's guard per client address
/// (<see cref="GuardPath.Http"/>, roko.network.ddos.http), so the API shares a client's standing with every other way in.
/// A client over its share, or blacklisted, is answered 429 with <c>Retry-After</c> and the API's error body naming the
/// setting; the guard counts and logs the refusal. The operator's monitoring routes (<c>/health</c>, <c>/health/…</c>,
/// <c>/metrics</c>) are metered by the <see cref="MonitoringBudget"/> instead (roko.http.monitoring), apart from the
/// client's standing, so a scraper or a liveness probe is never refused for what others behind its address did.
/// </summary>
public sealed class ClientAdmission(NodeGuard guard, IClock clock, MonitoringBudget monitoring, RokoMetrics? metrics)
{
    public const string RateLimitedCode = "rate_limited";
    public const string BlacklistedCode = "blacklisted";

    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        // Kestrel always knows the peer of a TCP connection; a request without one (an in-memory test server) is its own client.
        var address = http.Connection.RemoteIpAddress ?? IPAddress.None;
        var refusal = IsMonitoring(http.Request) ? MonitoringRefusal(address) : GuardRefusal(address);
        if (refusal is null)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(refusal.Error, ApiJsonContext.Default.ApiError, cancellationToken: http.RequestAborted);
    }

    /// <summary>GET or HEAD of /health, /health/… or /metrics: what an operator's monitoring polls.</summary>
    public static bool IsMonitoring(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        (request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) ||
         request.Path.Equals("/metrics", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The answer to a request the guard refused: <c>Retry-After</c> in whole seconds, rounded up (at least 1), until the
    /// client's bucket has a token again or, for a blacklisted client, until its blacklisting ends.
    /// </summary>
    public static Refusal? Of(GuardVerdict verdict, NanoMoment now, PathLimit limit)
    {
        switch (verdict)
        {
            case GuardVerdict.RateLimited limited:
                long wait = WholeSeconds(Nanoseconds.FromTimeSpan(limited.RetryAfter));
                return new Refusal(wait, new ApiError(
                    $"rate limited: over this client address's share of the HTTP API ({limit.RatePerSecond} requests/s, bursts of " +
                    $"{limit.Burst}; roko.network.ddos.http); retry after {wait} s", Code: RateLimitedCode));
            case GuardVerdict.Blacklisted blacklisted:
                long left = WholeSeconds(blacklisted.Until - now);
                return new Refusal(left, new ApiError(
                    $"refused: this client address is blacklisted for {left} s more, after too many requests over its share or " +
                    "invalid messages (roko.network.ddos.http, roko.network.ddos.blacklist-threshold)", Code: BlacklistedCode));
            default:
                return null;
        }
    }

    private Refusal? GuardRefusal(IPAddress address) =>
        Of(guard.Admit(GuardPath.Http, GuardSource.Address(address)), clock.Estimate(), guard.Settings.LimitFor(GuardPath.Http));

    private Refusal? MonitoringRefusal(IPAddress address)
    {
        if (monitoring.TryAdmit(address, out var retryAfter)) return null;
        metrics?.RecordMonitoringRefused();
        long seconds = WholeSeconds(Nanoseconds.FromTimeSpan(retryAfter));
        return new Refusal(seconds, new ApiError(
            $"rate limited: over this client address's monitoring budget ({monitoring.RatePerSecond} requests/s, bursts of {monitoring.Burst}; " +
            $"roko.http.monitoring); retry after {seconds} s", Code: RateLimitedCode));
    }

    private static long WholeSeconds(long nanos) => Math.Max(1, (nanos + NanoMoment.NanosPerSecond - 1) / NanoMoment.NanosPerSecond);

    /// <summary>A refused request's answer: 429, <c>Retry-After: <paramref name="RetryAfterSeconds"/></c> and <paramref name="Error"/> as the body.</summary>
    public sealed record Refusal(long RetryAfterSeconds, ApiError Error);
}
