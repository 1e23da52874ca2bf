using Roko.Actors.Network;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

[Collection(MultiNodeCollection.Name)]
public sealed class WanEmulationSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Wan = "roko.network.wan { enabled = on, jitter = 1ms, seed = 7 }";
    private readonly ClusterHarness _harness = new(output);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Rtt_should_be_measured_continuously_and_show_the_emulated_region_latencies()
    {
        var na = await _harness.StartAsync("na-1", Region.NorthAmerica, hocon: Wan);
        var na2 = await _harness.StartAsync("na-2", Region.NorthAmerica, hocon: Wan);
        var eu = await _harness.StartAsync("eu-1", Region.Europe, hocon: Wan);
        var apac = await _harness.StartAsync("apac-1", Region.AsiaPacific, hocon: Wan);
        await _harness.JoinAllAsync();
        await _harness.AwaitSessionsAsync(TimeSpan.FromSeconds(15));

        IReadOnlyList<PeerInfo> byLatency = [];
        await Eventually.AwaitAssertAsync(async () =>
        {
            byLatency = await na.PeersByLatencyAsync();
            Assert.Equal(3, byLatency.Count);
            Assert.All(byLatency, p => Assert.NotNull(p.RttMinimumNanos));
        }, TimeSpan.FromSeconds(10));
        // a few more pings so the smoothed values settle
        await Eventually.AwaitAssertAsync(async () =>
        {
            byLatency = await na.PeersByLatencyAsync();
            Assert.Equal([na2.PeerId, eu.PeerId, apac.PeerId], byLatency.Select(p => p.Id));
        }, TimeSpan.FromSeconds(10));

        double Ms(PeerInfo p) => p.RttMinimumNanos!.Value / 1e6;
        foreach (var p in byLatency)
            output.WriteLine($"na-1 -> {p.Region?.ToText()}: min {Ms(p):F1} ms, smoothed {p.RttSmoothedNanos / 1e6:F1} ms");
        Assert.InRange(Ms(byLatency[0]), 8, 60);    // 2 x 5 ms intra-region
        Assert.InRange(Ms(byLatency[1]), 75, 130);  // 2 x 40 ms NA-EU
        Assert.InRange(Ms(byLatency[2]), 145, 220); // 2 x 75 ms NA-APAC

        await Eventually.AwaitAssertAsync(async () =>
        {
            var fromApac = await apac.PeersByLatencyAsync();
            Assert.Equal(3, fromApac.Count);
            Assert.All(fromApac, p => Assert.InRange((p.RttMinimumNanos ?? 0) / 1e6, 145, 220));
        }, TimeSpan.FromSeconds(10));
    }
}
