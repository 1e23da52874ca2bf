using Roko.Actors.Propagation;
using Roko.Actors.Propagation.Bench;
using Xunit;

namespace Roko.Actors.Tests.Propagation;

public sealed class GossipBenchStatisticsSpec
{
    /// <summary>One tick per millisecond keeps the arithmetic readable.</summary>
    private const long TicksPerSecond = 1000;

    private static readonly GossipBenchOptions Options = new(Nodes: 4, PropagationStrategy.Gossip, Wan: true, Messages: 2,
        GossipBenchOptions.DefaultMessageInterval, GossipBenchOptions.DefaultSeed);

    [Fact]
    public void Coverage_latency_duplicates_and_bytes_should_follow_their_definitions()
    {
        var log = new DeliveryLog(nodes: 4, messages: 2);
        log.Originated(0, node: 0, ticks: 100);
        log.Delivered(0, 0, 100);
        log.Delivered(1, 0, 110);
        log.Delivered(2, 0, 130);
        log.Delivered(3, 0, 160);
        log.Delivered(3, 0, 170); // a repeat at the application layer
        log.Originated(1, node: 2, ticks: 200);
        log.Delivered(2, 1, 200);
        log.Delivered(0, 1, 220);
        // message 1 never reaches nodes 1 and 3

        var totals = new PropagationTotals(Originated: 2, Delivered: 6, Duplicates: 8, EnvelopesSent: 10, WireBytesSent: 10L * GossipBenchOptions.PayloadBytes);
        var summary = GossipBenchStatistics.Summarize(Options, log, totals, TicksPerSecond, TimeSpan.FromSeconds(1));

        Assert.Equal((1.0 + 0.5) / 2, summary.Coverage);
        Assert.Equal(0.5, summary.CoverageMin);
        // origin deliveries are left out: latencies 10, 20, 30, 60 ms
        Assert.Equal(20, summary.P50Ms);
        Assert.Equal(60, summary.P99Ms);
        Assert.Equal(60, summary.MaxMs);
        Assert.Equal(8.0 / 4, summary.DuplicatesPerDelivery);
        Assert.Equal(10L * GossipBenchOptions.PayloadBytes / 4, summary.BytesPerNode);
        Assert.Equal(5, summary.EnvelopesPerMessage);
        Assert.Equal(1, summary.ApplicationDuplicates);
        Assert.Equal("gossip", summary.Strategy);
    }

    [Theory]
    [InlineData(0.5, 2)]
    [InlineData(0.99, 4)]
    [InlineData(0.01, 1)]
    public void Percentile_should_be_nearest_rank(double fraction, double expected) =>
        Assert.Equal(expected, GossipBenchStatistics.Percentile([1, 2, 3, 4], fraction));
}
