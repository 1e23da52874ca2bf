using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>
/// Inbound defence rules per source (a remote address or an authenticated node key): a token bucket per source and
/// <see cref="GuardPath"/>, one suspicion score per source raised by rate violations and invalid messages on any path
/// that halves every <see cref="DdosGuardSettings.ScoreHalfLife"/>, and blacklisting above a threshold — on every path —
/// for a time that grows by the backoff factor with each repeat offence (capped).
/// Pure and single-threaded: the owner passes the time in (<see cref="NodeGuard"/> is the node's thread-safe shell).
/// At most <see cref="DdosGuardSettings.MaxTrackedAddresses"/> sources are tracked; the least recently active one that
/// is not blacklisted is forgotten first, and its limiters disposed.
/// </summary>
public sealed class DdosGuard(DdosGuardSettings settings) : IDisposable
{
    private readonly Dictionary<string, AddressStanding> _standings = new(StringComparer.Ordinal);
    private readonly LinkedList<AddressStanding> _byRecency = new();

    public DdosGuardSettings Settings { get; } = settings;
    public DdosGuardCounters Counters { get; } = new();
    public int TrackedCount => _standings.Count;

    /// <summary>Decides about one inbound peer-session message from <paramref name="address"/>, spending one token.</summary>
    public GuardVerdict Admit(string address, NanoMoment now) => Admit(address, GuardPath.PeerSession, now);

    /// <summary>Decides about one inbound message from <paramref name="address"/> on <paramref name="path"/>, spending one of its tokens there.</summary>
    public GuardVerdict Admit(string address, GuardPath path, NanoMoment now)
    {
        var standing = Touch(address, now);
        if (CheckBlacklist(standing, now) is { } refused)
        {
            Counters.RefusedWhileBlacklisted++;
            return refused;
        }
        int buckets = standing.BucketCount;
        var bucket = standing.BucketFor(path, Settings, now);
        Counters.LimitersCreated += standing.BucketCount - buckets;
        if (bucket.TryTake(now))
        {
            Counters.Allowed++;
            return GuardVerdict.Allowed.Instance;
        }
        Counters.RateLimited++;
        double score = standing.Raise(Settings.RateViolationWeight, now, Settings.ScoreHalfLife);
        return score >= Settings.BlacklistThreshold
            ? Blacklist(standing, now)
            : new GuardVerdict.RateLimited(score, bucket.NextTokensAfter(now));
    }

    /// <summary>
    /// Counts a message from <paramref name="address"/> that failed validation (signature, timestamp, format).
    /// Returns <see cref="GuardVerdict.Allowed"/> when the address may still send.
    /// </summary>
    public GuardVerdict ReportInvalid(string address, NanoMoment now)
    {
        var standing = Touch(address, now);
        Counters.InvalidMessages++;
        if (CheckBlacklist(standing, now) is { } already) return already;
        double score = standing.Raise(Settings.InvalidMessageWeight, now, Settings.ScoreHalfLife);
        return score >= Settings.BlacklistThreshold ? Blacklist(standing, now) : GuardVerdict.Allowed.Instance;
    }

    public bool IsBlacklisted(string address, NanoMoment now) =>
        _standings.TryGetValue(address, out var standing) && standing.IsBlacklistedAt(now);

    /// <summary>When the address's blacklisting ends, or null when it is not blacklisted at <paramref name="now"/>.</summary>
    public NanoMoment? BlacklistedUntil(string address, NanoMoment now) =>
        _standings.TryGetValue(address, out var standing) && standing.IsBlacklistedAt(now) ? standing.BlacklistedUntil : null;

    public double ScoreOf(string address, NanoMoment now) =>
        _standings.TryGetValue(address, out var standing) ? standing.ScoreAt(now, Settings.ScoreHalfLife) : 0;

    /// <summary>Per-address view for metrics and logs, most recently active last.</summary>
    public IReadOnlyList<AddressReport> Report(NanoMoment now) =>
        _byRecency.Select(s => new AddressReport(
                s.Address,
                s.ScoreAt(now, Settings.ScoreHalfLife),
                s.Offences,
                s.IsBlacklistedAt(now) ? s.BlacklistedUntil : null))
            .ToList();

    /// <summary>Forgets an address (e.g. its session closed for good) and disposes its limiter.</summary>
    public bool Forget(string address)
    {
        if (!_standings.Remove(address, out var standing)) return false;
        _byRecency.Remove(standing.RecencyNode!);
        Counters.LimitersDisposed += standing.BucketCount;
        standing.Dispose();
        return true;
    }

    /// <summary>Forgets every address quiet for <see cref="DdosGuardSettings.ForgetIdleAfter"/> and not blacklisted.</summary>
    public int ForgetIdle(NanoMoment now)
    {
        var idle = _byRecency
            .Where(s => now - s.LastActivity >= Nanoseconds.FromTimeSpan(Settings.ForgetIdleAfter) && !s.IsBlacklistedAt(now))
            .Select(s => s.Address)
            .ToList();
        foreach (var address in idle) Forget(address);
        return idle.Count;
    }

    public void Dispose()
    {
        foreach (var address in _standings.Keys.ToList()) Forget(address);
    }

    private AddressStanding Touch(string address, NanoMoment now)
    {
        if (_standings.TryGetValue(address, out var standing))
        {
            if (now > standing.LastActivity) standing.LastActivity = now;
            _byRecency.Remove(standing.RecencyNode!);
            _byRecency.AddLast(standing.RecencyNode!);
            return standing;
        }
        if (_standings.Count >= Settings.MaxTrackedAddresses) EvictOne(now);
        standing = new AddressStanding(address, now);
        standing.RecencyNode = _byRecency.AddLast(standing);
        _standings.Add(address, standing);
        return standing;
    }

    private void EvictOne(NanoMoment now)
    {
        var victim = _byRecency.FirstOrDefault(s => !s.IsBlacklistedAt(now))
                     ?? _byRecency.MinBy(s => s.BlacklistedUntil!.Value)!;
        Forget(victim.Address);
        Counters.Evictions++;
    }

    private static GuardVerdict.Blacklisted? CheckBlacklist(AddressStanding standing, NanoMoment now)
    {
        if (standing.IsBlacklistedAt(now)) return new GuardVerdict.Blacklisted(standing.BlacklistedUntil!.Value, false);
        if (standing.BlacklistedUntil is not null)
        {
            standing.BlacklistedUntil = null;
            standing.ClearScore(now);
        }
        return null;
    }

    private GuardVerdict.Blacklisted Blacklist(AddressStanding standing, NanoMoment now)
    {
        double growth = Math.Pow(Settings.BlacklistBackoffFactor, standing.Offences);
        double nanos = Math.Min(
            Settings.BlacklistBase.Ticks * growth,
            Settings.BlacklistMax.Ticks) * Nanoseconds.PerTick;
        standing.Offences++;
        standing.BlacklistedUntil = now.AddSaturating((long)nanos);
        standing.LastActivity = NanoMoment.Max(standing.LastActivity, standing.BlacklistedUntil.Value);
        Counters.Blacklistings++;
        return new GuardVerdict.Blacklisted(standing.BlacklistedUntil.Value, true);
    }
}

/// <summary>One tracked address as reported for metrics.</summary>
public sealed record AddressReport(string Address, double Score, int Offences, NanoMoment? BlacklistedUntil);
