using Roko.Actors.Api;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Tests.Api;
using Xunit;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// One real in-process node shared by the guard's flood specs on the HTTP API and the time-probe port (starting it is
/// most of their cost): the product's per-address shares of those ways in (hocon/roko.conf), over ApiNode's lifted test
/// limits. Each spec floods from its own 127.0.0.x address, so a flooder blacklisted by one spec stays out of the others.
/// </summary>
public sealed class GuardedNodeFixture : IAsyncLifetime
{
    public const string Collection = "guarded node";

    public ApiNode Node { get; private set; } = null!;

    /// <summary>The product's default share per client address on <paramref name="path"/>.</summary>
    public static PathLimit DefaultLimit(GuardPath path) => DdosGuardSettings.Create(RokoConfig.Defaults).LimitFor(path);

    public async Task InitializeAsync()
    {
        var http = DefaultLimit(GuardPath.Http);
        var probe = DefaultLimit(GuardPath.TimeProbe);
        Node = await ApiNode.StartAsync($$"""
            roko.network.ddos {
              http { rate-per-second = {{http.RatePerSecond}}, burst = {{http.Burst}} }
              time-probe { rate-per-second = {{probe.RatePerSecond}}, burst = {{probe.Burst}} }
            }
            """);
    }

    /// <summary>The requests or datagrams the node's guard refused on <paramref name="path"/> so far, by its /metrics (rate-limited and blacklisted).</summary>
    public async Task<double> RefusedAsync(GuardPath path)
    {
        string label = $"path=\"{path.Label()}\"";
        var lines = (await Node.Client.GetStringAsync("metrics")).Split('\n').Where(l => l.Contains(label, StringComparison.Ordinal));
        string text = string.Join('\n', lines);
        return PrometheusTotals.Sum(text, "roko_ddos_rate_limited_total") + PrometheusTotals.Sum(text, "roko_ddos_blacklisted_refusals_total");
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// Run alone: a flood loads the machine's two cores for seconds, which would widen the timing of tests running beside it,
/// and their load would blur the honest client's latency the flood specs measure.
/// </summary>
[CollectionDefinition(GuardedNodeFixture.Collection, DisableParallelization = true)]
public sealed class GuardedNodeCollection : ICollectionFixture<GuardedNodeFixture>;

/// <summary>An honest client's latencies over one phase of a flood spec: how many it sent, how many were answered, p50 and p99.</summary>
public sealed record LatencyFigures(int Sent, IReadOnlyList<TimeSpan> Answered)
{
    public double AnsweredShare => Sent == 0 ? 0 : (double)Answered.Count / Sent;
    public TimeSpan P50 => Percentile(0.50);
    public TimeSpan P99 => Percentile(0.99);

    /// <summary>
    /// What an honest client's p99 during a flood must stay under when these are its figures before it (#17's bound):
    /// ten times its p99 before, or one second, whichever is more.
    /// </summary>
    public TimeSpan FloodBound => TimeSpan.FromTicks(Math.Max(10 * P99.Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>Nearest rank: the smallest latency at or above the fraction <paramref name="q"/> of the answered ones.</summary>
    public TimeSpan Percentile(double q)
    {
        if (Answered.Count == 0) return TimeSpan.MaxValue;
        var sorted = Answered.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() =>
        $"p50 {P50.TotalMilliseconds:F2} ms, p99 {P99.TotalMilliseconds:F2} ms, {Answered.Count}/{Sent} answered";
}
