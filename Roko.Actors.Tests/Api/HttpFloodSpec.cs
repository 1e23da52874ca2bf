using System.Diagnostics;
using System.Net;
using Roko.Actors.Network;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Api;

/// <summary>
/// #17: one client address floods a real node's HTTP API over TCP while an honest client on another address measures its
/// latency before and during the flood. The flooder is held to its share by the node's guard (429 with Retry-After,
/// counted in /metrics); the honest client keeps being served.
/// </summary>
[Collection(GuardedNodeFixture.Collection)]
public sealed class HttpFloodSpec(GuardedNodeFixture fixture, ITestOutputHelper output)
{
    private const int HonestRequests = 25;
    private const int FloodConnections = 4;
    private const int FloodLimit = 6_000;
    /// <summary>Requests/s the flooder's connections together hold to, so the flood lasts its <see cref="FloodFor"/>.</summary>
    private const int FloodRate = 2_000;
    /// <summary>The honest client asks ten times a second: half the default share of 20/s.</summary>
    private static readonly TimeSpan HonestSpacing = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Flooding_client_should_get_429_with_retry_after_while_an_honest_client_keeps_its_latency()
    {
        var node = fixture.Node;
        using var honest = LoopbackSource.HttpClient(LoopbackSource.Address(3), node.Address, RequestTimeout);
        using var flooder = LoopbackSource.HttpClient(LoopbackSource.Address(2), node.Address, RequestTimeout);
        double refusedBefore = await fixture.RefusedAsync(GuardPath.Http);
        using (await honest.GetAsync("time")) { } // connection and first-call costs stay out of the figures

        var before = await MeasureAsync(honest, () => HonestRequests);
        var tally = new FloodTally();
        var watch = Stopwatch.StartNew();
        var flood = Task.WhenAll(Enumerable.Range(0, FloodConnections).Select(_ => FloodAsync(flooder, tally, watch)));
        var during = await MeasureAsync(honest, () => flood.IsCompleted ? 0 : int.MaxValue);
        await flood;
        var floodTime = watch.Elapsed;
        double counted = await fixture.RefusedAsync(GuardPath.Http) - refusedBefore;

        var share = GuardedNodeFixture.DefaultLimit(GuardPath.Http);
        output.WriteLine($"GUARD FIGURES [http]: honest before {before}; honest during {during}; flooder sent {tally.Sent} in " +
                         $"{floodTime.TotalSeconds:F1} s ({tally.Sent / floodTime.TotalSeconds:F0}/s), served {tally.Served}, " +
                         $"429 {tally.Refused} (Retry-After on {tally.WithRetryAfter}), other {tally.Other}; /metrics counted {counted} refusals");
        Assert.True(during.Answered.Count >= 10, $"the honest client measured only {during.Answered.Count} requests during the flood");
        Assert.True(during.AnsweredShare >= 0.9, $"honest client answered {during.AnsweredShare:P0} during the flood");
        var bound = before.FloodBound;
        Assert.True(during.P99 < bound, $"honest p99 during the flood {during.P99.TotalMilliseconds:F1} ms, bound {bound.TotalMilliseconds:F0} ms");
        Assert.True(tally.Refused > 0, "the flooder was never refused");
        Assert.Equal(tally.Refused, tally.WithRetryAfter);
        Assert.Equal(0, tally.Other);
        // A share is its burst plus its rate over the time it had: never more, however fast the flooder asks.
        Assert.InRange(tally.Served, 1, share.Burst + share.RatePerSecond * (floodTime.TotalSeconds + 1));
        Assert.True(counted >= tally.Refused, $"/metrics counted {counted} refusals on path http, the flooder got {tally.Refused} 429s");
    }

    /// <summary>Honest requests, one every <see cref="HonestSpacing"/>, while <paramref name="more"/> says there are any left.</summary>
    private static async Task<LatencyFigures> MeasureAsync(HttpClient client, Func<int> more)
    {
        var answered = new List<TimeSpan>();
        int sent = 0;
        while (sent < more())
        {
            var pace = Task.Delay(HonestSpacing);
            var watch = Stopwatch.StartNew();
            sent++;
            try
            {
                using var response = await client.GetAsync("time");
                if (response.StatusCode == HttpStatusCode.OK) answered.Add(watch.Elapsed);
            }
            catch (HttpRequestException)
            {
                // not answered: counted as sent only
            }
            catch (TaskCanceledException)
            {
                // timed out: counted as sent only
            }
            await pace;
        }
        return new LatencyFigures(sent, answered);
    }

    private static async Task FloodAsync(HttpClient client, FloodTally tally, Stopwatch watch)
    {
        while (watch.Elapsed < FloodFor)
        {
            if (Interlocked.Increment(ref tally.Sent) > FloodLimit)
            {
                Interlocked.Decrement(ref tally.Sent);
                return;
            }
            using var response = await client.GetAsync("time");
            if (response.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref tally.Served);
            else if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Interlocked.Increment(ref tally.Refused);
                if (response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }) Interlocked.Increment(ref tally.WithRetryAfter);
            }
            else Interlocked.Increment(ref tally.Other);
            if (Volatile.Read(ref tally.Sent) > FloodRate * watch.Elapsed.TotalSeconds) await Task.Delay(1);
        }
    }

    private sealed class FloodTally
    {
        public int Sent;
        public int Served;
        public int Refused;
        public int WithRetryAfter;
        public int Other;
    }
}
