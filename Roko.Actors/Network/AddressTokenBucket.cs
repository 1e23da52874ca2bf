using System.Threading.RateLimiting;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>
/// One address's token bucket: a <see cref="TokenBucketRateLimiter"/> without auto-replenishment, refilled from
/// the caller's clock. In .NET 10 <c>TryReplenish()</c> on a manual limiter adds tokens in proportion to real
/// Stopwatch time (measured: an immediate second call adds none), so it cannot be driven by an injected time.
/// Instead, when whole periods have passed on the caller's clock, the bucket is replaced by a fresh limiter
/// drained to the refilled level. The limiter stays the authority that grants permits.
/// </summary>
internal sealed class AddressTokenBucket : IDisposable
{
    private readonly int _limit;
    private readonly int _tokensPerPeriod;
    private readonly long _periodNanos;
    private TokenBucketRateLimiter _limiter;
    private NanoMoment _lastRefill;

    public AddressTokenBucket(PathLimit limit, NanoMoment now)
    {
        _limit = limit.Burst;
        _tokensPerPeriod = limit.TokensPerPeriod;
        _periodNanos = Nanoseconds.FromTimeSpan(limit.ReplenishPeriod);
        _limiter = CreateFull();
        _lastRefill = now;
    }

    public long Available => _limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    public bool TryTake(NanoMoment now)
    {
        Refill(now);
        using RateLimitLease lease = _limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    /// <summary>How long after <paramref name="now"/> the next tokens arrive (at most one replenish period).</summary>
    public TimeSpan NextTokensAfter(NanoMoment now)
    {
        long sinceRefill = now > _lastRefill ? now - _lastRefill : 0;
        long nanos = _periodNanos - sinceRefill % _periodNanos;
        return TimeSpan.FromTicks(Math.Max(1, Nanoseconds.ToTimeSpan(nanos).Ticks));
    }

    public void Dispose() => _limiter.Dispose();

    private void Refill(NanoMoment now)
    {
        if (now <= _lastRefill) return;
        long periods = (now - _lastRefill) / _periodNanos;
        if (periods == 0) return;
        _lastRefill = _lastRefill.AddNanoseconds(periods * _periodNanos);
        long available = Available;
        if (available >= _limit) return;
        long added = Math.Min(periods, _limit) * _tokensPerPeriod;
        long target = Math.Min(_limit, available + added);
        var refilled = CreateFull();
        if (target < _limit)
        {
            using RateLimitLease drain = refilled.AttemptAcquire((int)(_limit - target));
        }
        _limiter.Dispose();
        _limiter = refilled;
    }

    private TokenBucketRateLimiter CreateFull() => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = _limit,
        TokensPerPeriod = _tokensPerPeriod,
        ReplenishmentPeriod = Nanoseconds.ToTimeSpan(_periodNanos),
        AutoReplenishment = false,
        QueueLimit = 0,
    });
}
