using Roko.Actors.Monitoring;
using Xunit;

namespace Roko.Actors.Tests.Monitoring;

public sealed class RokoMetricsTests
{
    [Fact]
    public void Snapshot_should_carry_the_latest_value_of_every_alertable_metric_in_base_units()
    {
        using var metrics = new RokoMetrics("node-1").Populate();

        var snapshot = metrics.Snapshot();

        Assert.Equal(7, snapshot[SeedMetric.PeerCount]);
        Assert.Equal(0.012, snapshot[SeedMetric.LatencyP50]);
        Assert.Equal(0.14, snapshot[SeedMetric.LatencyP99]);
        Assert.Equal(1.5, snapshot[SeedMetric.BlockTime]);
        Assert.Equal(0.9, snapshot[SeedMetric.FinalityTime]);
        Assert.Equal(0.75, snapshot[SeedMetric.ValidatorParticipation]);
        Assert.Equal(1, snapshot[SeedMetric.ForkCount]);
        Assert.Equal(2.5e-6, snapshot[SeedMetric.TimeDrift]);
        Assert.Equal(1e-5, snapshot[SeedMetric.SyncAccuracy]);
        Assert.Equal(0.9, snapshot[SeedMetric.AttestationRate]);
        Assert.Equal(1, snapshot[SeedMetric.TimeFalsetickers]);
        Assert.Equal(0, snapshot[SeedMetric.TimeCardFalseticker]);
        Assert.Equal<string>(["validator-4"], snapshot.MissingValidators.ToArray());
        Assert.Equal(SeedMetric.Units.Keys.Order(), snapshot.Values.Keys.Order());
    }

    [Fact]
    public void Snapshot_should_leave_out_metrics_nobody_has_set_yet()
    {
        using var metrics = new RokoMetrics("node-1");
        metrics.SetPeerCount(3);

        var snapshot = metrics.Snapshot();

        Assert.Null(snapshot[SeedMetric.TimeDrift]);
        Assert.Equal(3, snapshot[SeedMetric.PeerCount]);
    }

    [Fact]
    public void Metrics_should_refuse_values_outside_their_range()
    {
        using var metrics = new RokoMetrics("node-1");

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.SetPeerCount(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.SetValidatorParticipation(1.5, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordFinality(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Each_node_should_own_a_meter_named_roko_tagged_with_the_node()
    {
        using var metrics = new RokoMetrics("node-7");

        Assert.Equal(RokoMetrics.MeterName, metrics.Meter.Name);
        Assert.Contains(metrics.Meter.Tags!, tag => tag.Key == RokoMetrics.NodeTag && (string?)tag.Value == "node-7");
    }
}
