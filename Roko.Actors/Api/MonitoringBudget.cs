using System.Net;
using System.Threading.RateLimiting;

namespace Roko.Actors.Api;

/// <summary>
/// The budget of the operator's monitoring routes (roko.http.monitoring): a token bucket per client address
/// (System.Threading.RateLimiting, idle buckets dropped by the partitioned limiter), refilled with a second's worth of
/// tokens once a second (the partitioned limiter replenishes its buckets on a 100 ms heartbeat, so a finer period would
/// cap the rate at one period's tokens per beat), apart from the node guard's
/// standing — a Prometheus scraping every 15 s or a liveness probe every 10 s never comes near it, whatever other
/// clients behind the same address (a NAT, a proxy, the kubelet's node address) did to their standing, while a client
/// that floods /metrics is still held to it.
/// </summary>
public sealed class MonitoringBudget : IDisposable
{
    private static readonly TimeSpan ReplenishmentPeriod = TimeSpan.FromSeconds(1);
    private readonly PartitionedRateLimiter<IPAddress> _limiter;

    public MonitoringBudget(int ratePerSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratePerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        RatePerSecond = ratePerSecond;
        Burst = burst;
        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = ratePerSecond,
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => options));
    }

    public int RatePerSecond { get; }
    public int Burst { get; }

    /// <summary>Spends one of <paramref name="address"/>'s tokens; false with the wait until its next token when it has none.</summary>
    public bool TryAdmit(IPAddress address, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : ReplenishmentPeriod;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
