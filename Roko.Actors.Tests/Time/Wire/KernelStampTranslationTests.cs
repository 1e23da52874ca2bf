using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Tests.Hardware;
using Roko.Actors.Time.Wire;
using Xunit;

namespace Roko.Actors.Tests.Time.Wire;

public sealed class KernelStampTranslationTests
{
    private const double DriftPpm = 500;
    private static readonly IClockSource Source = new SimulatedClockSource(new SimulatedClockOptions());
    private static readonly DisciplinedReading Reading =
        new(new NanoMoment(5_000_000), NanoInterval.Around(new NanoMoment(5_000_000), 1_000), ClockStatus.Synchronized);

    /// <summary>Realtime 1,000,000..1,000,200 around the reads; raw source 9,000,000.</summary>
    private static ClockCapture Capture(double rate = 1, DisciplineSnapshot? snapshot = null) =>
        new(1_000_000, 1_000_200, Reading, Source, 9_000_000, snapshot, rate);

    [Fact]
    public void RawAt_should_carry_the_raw_read_back_to_the_kernel_stamp()
    {
        var stamp = KernelStampTranslation.RawAt(900_100, Capture(), DriftPpm)!.Value;

        // 100,000 ns from the stamp to the middle of the bracket; half the bracket plus 500 ppm of 100,100 ns.
        Assert.Equal(8_900_000, stamp.Raw);
        Assert.Equal(100 + 51, stamp.ErrorNanos);
        Assert.True(stamp.AtWire);
    }

    [Fact]
    public void RawAt_should_go_back_at_the_measured_rate_and_claim_its_deviation()
    {
        var stamp = KernelStampTranslation.RawAt(900_100, Capture(rate: 1.0001), DriftPpm)!.Value;

        Assert.Equal(9_000_000 - 100_010, stamp.Raw);
        Assert.Equal(100 + (long)Math.Ceiling(100_100 * 600e-6), stamp.ErrorNanos);
    }

    [Fact]
    public void RawAt_should_use_the_capture_itself_when_there_is_no_kernel_stamp_or_it_lies_after_the_capture()
    {
        Assert.Equal(new RawStamp(Source, 9_000_000, 0, AtWire: false), KernelStampTranslation.RawAt(null, Capture(), DriftPpm));
        Assert.Equal(new RawStamp(Source, 9_000_000, 0, AtWire: false), KernelStampTranslation.RawAt(1_000_300, Capture(), DriftPpm));
        Assert.Null(KernelStampTranslation.RawAt(900_100, Capture() with { Source = null }, DriftPpm));
    }

    [Fact]
    public void ReadingAt_should_shift_a_clock_without_snapshot_back_and_widen_it_by_the_error()
    {
        var fallback = new DisciplinedReading(new NanoMoment(1), NanoInterval.Unbounded, ClockStatus.Unsynchronized);

        var reading = KernelStampTranslation.ReadingAt(900_100, Capture() with { Source = null }, DriftPpm, fallback);

        Assert.Equal(new NanoMoment(4_900_000), reading.Estimate);
        Assert.Equal(new NanoMoment(4_900_000 - 1_000 - 151), reading.Interval.Earliest);
        Assert.Equal(new NanoMoment(4_900_000 + 1_000 + 151), reading.Interval.Latest);
    }

    [Fact]
    public void ReadingAt_should_read_the_snapshot_at_the_stamps_raw_instant_so_a_slew_is_followed()
    {
        // A snapshot slewing +10 µs in at 5,000 ppm from raw 8,000,000: at raw 8,900,000 that is 4,500 ns slewed in.
        var snapshot = new DisciplineSnapshot
        {
            Source = Source, BaseRaw = 8_000_000, BaseValue = 8_000_000, EarliestAtBase = 7_980_000, FrequencyPpb = 0,
            PendingPhaseNanos = 10_000, SlewPpm = 5_000, MaxDriftPpm = 0, Status = ClockStatus.Synchronized,
        };

        var reading = KernelStampTranslation.ReadingAt(900_100, Capture(snapshot: snapshot), DriftPpm, Reading);

        Assert.Equal(new NanoMoment(snapshot.ValueAt(8_900_000)), reading.Estimate);
        Assert.Equal(8_904_500, reading.Estimate.UnixNanoseconds);
        Assert.Equal(snapshot.IntervalAt(8_900_000).Earliest.AddNanoseconds(-2 * 151), reading.Interval.Earliest);
    }

    [Fact]
    public void ReadingAt_should_fall_back_when_the_clock_was_corrected_between_the_stamp_and_the_capture()
    {
        var corrected = new DisciplineSnapshot
        {
            Source = Source, BaseRaw = 8_950_000, BaseValue = 8_950_000, EarliestAtBase = 8_949_000, FrequencyPpb = 0,
            PendingPhaseNanos = 0, SlewPpm = 500, MaxDriftPpm = 0, Status = ClockStatus.Synchronized,
        };
        var fallback = new DisciplinedReading(new NanoMoment(42), NanoInterval.Around(new NanoMoment(42), 5), ClockStatus.Synchronized);

        Assert.Equal(fallback, KernelStampTranslation.ReadingAt(900_100, Capture(snapshot: corrected), DriftPpm, fallback));
        Assert.Equal(fallback, KernelStampTranslation.ReadingAt(null, Capture(snapshot: corrected), DriftPpm, fallback));
    }
}
