using System.Diagnostics;
using System.Net;
using Akka.Configuration;
using Roko.Actors.Monitoring;
using Roko.Actors.Nodes;

namespace Roko.Actors.Network.Bench;

/// <summary>
/// <c>roko bench guard</c>: what one admission through the node's guard costs the thread that asks — the time-probe
/// socket's receive loop or a Kestrel request thread — when the source is within its share, over it, and blacklisted,
/// with the node's metrics exported as on a node that is scraped. Single thread, the source's key built per call as
/// the callers do (<see cref="GuardSource.Address"/>).
/// </summary>
public static class GuardBench
{
    /// <summary>Nanoseconds per <see cref="NodeGuard.Admit"/> call on each path of its answer.</summary>
    public sealed record Result(int Calls, double AllowedNanos, double RateLimitedNanos, double BlacklistedNanos);

    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.1");

    public static Result Run(int calls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        // Within its share: a bucket that never runs dry. Over it: no suspicion, so it stays rate-limited, not blacklisted.
        double allowed = Measure(calls, $"roko.network.ddos.time-probe {{ rate-per-second = 1000000, burst = {int.MaxValue} }}",
            GuardVerdict.Allowed.Instance.GetType(), warmUp: 0);
        double limited = Measure(calls, "roko.network.ddos.rate-violation-weight = 0", typeof(GuardVerdict.RateLimited), warmUp: 1_000);
        double blacklisted = Measure(calls, "", typeof(GuardVerdict.Blacklisted), warmUp: 1_000);
        return new Result(calls, allowed, limited, blacklisted);
    }

    private static double Measure(int calls, string hocon, Type expected, int warmUp)
    {
        var settings = DdosGuardSettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(RokoConfig.Defaults));
        using var metrics = new RokoMetrics("bench");
        using var exposition = new PrometheusExposition(metrics.Meter);
        using var guard = new NodeGuard(settings, new AssumedUncertaintyClock(0), metrics);
        for (int i = 0; i < warmUp; i++) guard.Admit(GuardPath.TimeProbe, GuardSource.Address(Source));
        var verdict = guard.Admit(GuardPath.TimeProbe, GuardSource.Address(Source));
        if (verdict.GetType() != expected)
            throw new InvalidOperationException($"bench guard: expected {expected.Name} after the warm-up, the guard answered {verdict}");
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) guard.Admit(GuardPath.TimeProbe, GuardSource.Address(Source));
        return watch.Elapsed.TotalNanoseconds / calls;
    }
}
