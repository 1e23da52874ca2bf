using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class SimulatedClockSourceTests
{
    private static readonly NanoMoment Start = new(1_700_000_000_000_000_000);

    [Fact]
    public void Simulated_clock_should_add_offset_drift_and_scheduled_steps_to_true_time()
    {
        var truth = new VirtualClock(Start);
        var source = new SimulatedClockSource(new SimulatedClockOptions
        {
            OffsetNanos = 1_000,
            DriftPpm = 50,
            Steps = [new SimulatedClockStep(Start.AddNanoseconds(500_000_000), -7_000)],
        }, truth.AsFunc());

        truth.Advance(1_000_000_000);

        Assert.Equal(Start.AddNanoseconds(1_000_000_000 + 1_000 + 50_000 - 7_000), source.Read().Time);
    }

    [Fact]
    public void Simulated_clock_should_step_once_the_configured_time_after_its_start_has_passed()
    {
        var truth = new VirtualClock(Start);
        var source = new SimulatedClockSource(new SimulatedClockOptions { StepNanos = 1_000_000_000, StepAfterNanos = 20_000_000_000 }, truth.AsFunc());

        truth.Advance(19_999_999_999);
        Assert.Equal(truth.AsFunc()(), source.Read().Time);

        truth.Advance(1);
        Assert.Equal(truth.AsFunc()().AddNanoseconds(1_000_000_000), source.Read().Time);
    }

    [Fact]
    public void Simulated_clock_should_repeat_its_jitter_for_the_same_seed()
    {
        var truth = new VirtualClock(Start);
        var options = new SimulatedClockOptions { JitterNanos = 500, Seed = 42 };
        var a = new SimulatedClockSource(options, truth.AsFunc());
        var b = new SimulatedClockSource(options, truth.AsFunc());

        var readsA = Enumerable.Range(0, 20).Select(_ => a.Read().Time).ToArray();
        var readsB = Enumerable.Range(0, 20).Select(_ => b.Read().Time).ToArray();

        Assert.Equal(readsA, readsB);
        Assert.All(readsA, t => Assert.InRange(t - Start, -500, 500));
        Assert.True(readsA.Distinct().Count() > 1);
    }

    [Fact]
    public void Simulated_clock_should_claim_whatever_error_bound_it_is_configured_with()
    {
        var liar = new SimulatedClockSource(new SimulatedClockOptions { OffsetNanos = 5_000_000, ClaimedErrorNanos = 100 },
            new VirtualClock(Start).AsFunc());

        var reading = liar.Read();

        Assert.Equal(100, reading.ErrorBoundNanos);
        Assert.False(reading.Interval.Contains(Start));
    }
}
