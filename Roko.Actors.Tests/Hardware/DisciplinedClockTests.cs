using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class DisciplinedClockTests
{
    private const long Micro = 1_000;
    private const long Milli = 1_000_000;
    private const long Second = 1_000_000_000;
    private static readonly NanoMoment Start = new(1_700_000_000_000_000_000);

    private static (VirtualClock Truth, DisciplinedClock Clock) Build(SimulatedClockOptions options, ClockSourceSettings? settings = null)
    {
        var truth = new VirtualClock(Start);
        var source = new SimulatedClockSource(options, truth.AsFunc());
        return (truth, new DisciplinedClock(source, settings ?? ShippedClockSettings.Clock with { ReadNoiseNanos = 0 }));
    }

    [Fact]
    public void Clock_should_never_run_backwards_under_negative_corrections()
    {
        var (truth, clock) = Build(
            new SimulatedClockOptions { DriftPpm = 80, JitterNanos = 300, Seed = 1, ClaimedErrorNanos = 1 * Milli },
            ShippedClockSettings.Clock with { ReadNoiseNanos = 1 * Micro });
        var random = new Random(7);
        var previous = clock.Read();
        for (int i = 0; i < 20_000; i++)
        {
            truth.Advance(random.NextInt64(0, 2 * Milli));
            if (i % 500 == 499)
            {
                var estimate = clock.Read().Estimate;
                clock.ApplyCorrection(truth.Now - estimate - random.NextInt64(0, 50 * Micro), 0, 60 * Micro);
            }
            var now = clock.Read();
            Assert.True(now.Estimate >= previous.Estimate, $"estimate went back at {i}: {previous} -> {now}");
            Assert.True(now.Interval.Earliest >= previous.Interval.Earliest, $"earliest went back at {i}: {previous} -> {now}");
            Assert.True(now.Interval.Midpoint >= previous.Interval.Midpoint, $"midpoint went back at {i}: {previous} -> {now}");
            Assert.True(now.Interval.Contains(truth.Now), $"{now} misses true time {truth.Now} at {i}");
            previous = now;
        }
        Assert.Equal(ClockStatus.Synchronized, clock.Status);
    }

    [Fact]
    public void Uncertainty_should_grow_at_max_drift_between_corrections()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { ClaimedErrorNanos = 1 * Milli });
        clock.ApplyCorrection(0, 0, 10 * Micro);
        long before = clock.Now().HalfWidthNanos;

        truth.Advance(10 * Second);
        long after = clock.Now().HalfWidthNanos;

        long expectedGrowth = (long)(10 * Second * ShippedClockSettings.Clock.MaxDriftPpm * 1e-6);
        Assert.InRange(after - before, expectedGrowth - 2, expectedGrowth + 2);
    }

    [Fact]
    public void Stale_clock_should_drift_into_a_wider_interval_that_still_contains_the_truth()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { DriftPpm = -90, ClaimedErrorNanos = 1 * Milli });
        clock.ApplyCorrection(0, 0, 5 * Micro);
        long lastWidth = clock.Now().HalfWidthNanos;

        for (int minute = 0; minute < 120; minute++)
        {
            truth.Advance(60 * Second);
            var now = clock.Now();
            Assert.True(now.Contains(truth.Now), $"{now} misses true time {truth.Now} after {minute + 1} min");
            Assert.True(now.HalfWidthNanos > lastWidth);
            lastWidth = now.HalfWidthNanos;
        }
        Assert.True(clock.Read().Estimate < truth.Now, "the slow clock's estimate is behind");
    }

    [Fact]
    public void Negative_correction_should_be_slewed_and_the_interval_should_contain_the_corrected_time_meanwhile()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { OffsetNanos = 10 * Milli, ClaimedErrorNanos = 20 * Milli });
        var before = clock.Read();

        var result = clock.ApplyCorrection(-10 * Milli, 0, 10 * Micro);
        var rightAfter = clock.Read();

        Assert.False(result.Stepped);
        Assert.Equal(before.Estimate, rightAfter.Estimate);
        Assert.True(rightAfter.Interval.Contains(truth.Now));
        Assert.True(rightAfter.Interval.Earliest >= before.Interval.Earliest);

        truth.Advance(10 * Second);
        var midway = clock.Read();
        Assert.True(midway.Interval.Contains(truth.Now));
        Assert.InRange(midway.Estimate - truth.Now, 5 * Milli - 10, 5 * Milli + 10);

        truth.Advance(20 * Second);
        var done = clock.Read();
        Assert.InRange(done.Estimate - truth.Now, -10, 10);
        Assert.InRange(done.Interval.HalfWidthNanos, 10 * Micro, 10 * Micro + 3 * Milli + 10);
    }

    [Fact]
    public void Large_forward_correction_should_step_the_clock()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { OffsetNanos = -5 * Second, ClaimedStatus = ClockStatus.Unsynchronized });

        var result = clock.ApplyCorrection(5 * Second, 0, 1 * Milli);

        Assert.True(result.Stepped);
        Assert.InRange(clock.Read().Estimate - truth.Now, -1, 1);
        Assert.True(clock.Now().Contains(truth.Now));
    }

    [Fact]
    public void Correction_outside_the_claimed_interval_should_be_reported_as_a_contradiction()
    {
        var (_, clock) = Build(new SimulatedClockOptions { ClaimedErrorNanos = 1 * Milli });

        var result = clock.ApplyCorrection(-50 * Milli, 0, 1 * Micro);

        Assert.True(result.ContradictedPreviousInterval);
    }

    [Fact]
    public void Unsynchronized_source_should_give_an_unbounded_interval_until_corrected()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { ClaimedStatus = ClockStatus.Unsynchronized });

        Assert.Equal(NanoInterval.Unbounded, clock.Now());
        Assert.Equal(ClockStatus.Unsynchronized, clock.Status);

        clock.ApplyCorrection(0, 0, 1 * Micro);

        Assert.True(clock.Now().IsBounded);
        Assert.True(clock.Now().Contains(truth.Now));
        Assert.Equal(ClockStatus.Synchronized, clock.Status);
        Assert.NotNull(clock.LastCorrection);
    }

    [Fact]
    public void Frequency_correction_should_cancel_a_known_drift()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { DriftPpm = 40, ClaimedErrorNanos = 1 * Milli });

        clock.ApplyCorrection(0, -40_000, 1 * Micro);
        truth.Advance(100 * Second);

        Assert.InRange(clock.Read().Estimate - truth.Now, -1_000, 1_000);
    }

    [Fact]
    public void Clock_should_aim_at_a_corrections_estimate_and_claim_the_whole_measured_interval()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { ClaimedStatus = ClockStatus.Unsynchronized });
        long raw = clock.ReadSourceTime().Raw;

        clock.ApplySourceCorrection(new SourceCorrection(clock.Source, raw, -100 * Micro, 100 * Micro, null, 0, EstimateNanos: 80 * Micro));
        truth.Advance(1 * Second);

        var reading = clock.Read();
        Assert.InRange(reading.Estimate - truth.Now, 80 * Micro - 2, 80 * Micro + 2);
        Assert.True(reading.Interval.Earliest <= truth.Now.AddNanoseconds(-100 * Micro), $"{reading.Interval} misses the measured low end");
        Assert.True(reading.Interval.Latest >= truth.Now.AddNanoseconds(100 * Micro), $"{reading.Interval} misses the measured high end");
    }

    [Fact]
    public void Correction_with_an_estimate_outside_its_interval_should_be_refused()
    {
        var (_, clock) = Build(new SimulatedClockOptions { ClaimedErrorNanos = 1 * Milli });
        long raw = clock.ReadSourceTime().Raw;
        var before = clock.Snapshot;

        var error = Assert.Throws<ArgumentException>(() =>
            clock.ApplySourceCorrection(new SourceCorrection(clock.Source, raw, -10, 10, null, 0, EstimateNanos: 11)));

        Assert.Contains("estimate 11 ns lies outside", error.Message);
        Assert.Same(before, clock.Snapshot);
    }

    [Fact]
    public void Estimates_should_keep_the_clock_honest_and_never_move_its_estimate_or_earliest_bound_back()
    {
        var (truth, clock) = Build(new SimulatedClockOptions { DriftPpm = 60, JitterNanos = 300, Seed = 3, ClaimedStatus = ClockStatus.Unsynchronized },
            ShippedClockSettings.Clock with { ReadNoiseNanos = 1 * Micro, MaxDriftPpm = 100 });
        var random = new Random(11);
        var previous = clock.Read();
        for (int i = 0; i < 20_000; i++)
        {
            truth.Advance(random.NextInt64(0, 2 * Milli));
            if (i % 50 == 49)
            {
                long raw = clock.ReadSourceTime().Raw;
                long trueOffset = truth.Now - new NanoMoment(raw);
                long low = trueOffset - random.NextInt64(0, 300 * Micro);
                long high = trueOffset + random.NextInt64(0, 300 * Micro);
                long estimate = random.NextInt64(low, high + 1);
                clock.ApplySourceCorrection(new SourceCorrection(clock.Source, raw, low, high, null, 100, estimate));
            }
            var now = clock.Read();
            if (now.Interval.IsBounded)
                Assert.True(now.Interval.Earliest <= truth.Now.AddNanoseconds(1 * Micro) && truth.Now.AddNanoseconds(-1 * Micro) <= now.Interval.Latest,
                    $"{now.Interval} misses true time {truth.Now} at {i}");
            Assert.True(now.Estimate >= previous.Estimate, $"estimate went back at {i}: {previous} -> {now}");
            if (previous.Interval.IsBounded)
                Assert.True(now.Interval.Earliest >= previous.Interval.Earliest, $"earliest went back at {i}: {previous} -> {now}");
            previous = now;
        }
    }
}
