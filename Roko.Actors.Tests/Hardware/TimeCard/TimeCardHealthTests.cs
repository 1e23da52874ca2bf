using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Hardware.TimeCard;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Hardware.TimeCard;

public sealed class TimeCardHealthTests
{
    private static readonly TimeCardSettings Settings = ShippedClockSettings.TimeCard with
    {
        LockedErrorNanos = 100,
        HoldoverDriftPpm = 1_000, // 1 ms of bound per second of holdover
        HoldoverMaxErrorNanos = 50_000_000,
        LossDetectionNanos = 2_000_000_000,
    };

    private static readonly DateTimeOffset LostAt = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static TimeCardAttributes Card(GnssSync gnss, string clockSource = "PPS", long? statusOffset = -40, int? utcTai = 37) =>
        new("ocp0", gnss, clockSource, "/dev/ptp3", statusOffset, 5, utcTai);

    [Fact]
    public void Locked_card_should_be_synchronized_within_its_stated_error_plus_status_offset_plus_cross_timestamp_width()
    {
        var health = TimeCardHealth.Assess(Card(GnssSync.Locked), crossTimestampWidthNanos: 700, Settings);

        Assert.Equal(ClockStatus.Synchronized, health.StatusAt(NanoMoment.FromDateTime(LostAt.UtcDateTime)));
        Assert.Equal(100 + 40 + 700, health.BoundAt(NanoMoment.FromDateTime(LostAt.UtcDateTime)));
    }

    [Fact]
    public void Card_that_lost_GNSS_should_hold_over_with_a_bound_growing_at_the_holdover_rate_from_before_the_stamp()
    {
        var health = TimeCardHealth.Assess(Card(new GnssSync(LostAt)), 0, Settings);
        var stamp = NanoMoment.FromDateTime(LostAt.UtcDateTime);

        Assert.Equal(ClockStatus.Holdover, health.StatusAt(stamp));
        // Counted from the stamp minus loss-detection (2 s): 2 s at 1000 ppm = 2 ms.
        Assert.Equal(140 + 2_000_000, health.BoundAt(stamp));
        Assert.Equal(140 + 12_000_000, health.BoundAt(stamp.AddNanoseconds(10_000_000_000)));
    }

    [Fact]
    public void Card_holding_over_should_become_unsynchronized_once_its_bound_passes_the_holdover_maximum()
    {
        var health = TimeCardHealth.Assess(Card(new GnssSync(LostAt)), 0, Settings);
        var stamp = NanoMoment.FromDateTime(LostAt.UtcDateTime);

        Assert.Equal(ClockStatus.Holdover, health.StatusAt(stamp.AddNanoseconds(47_000_000_000)));
        Assert.Equal(ClockStatus.Unsynchronized, health.StatusAt(stamp.AddNanoseconds(49_000_000_000)));
        Assert.Equal(ClockReading.UnboundedError, health.BoundAt(stamp.AddNanoseconds(49_000_000_000)));
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("IRIG")]
    [InlineData("REGS")]
    [InlineData("(null)")]
    public void Card_not_disciplined_by_GNSS_should_be_unsynchronized_whatever_gnss_sync_says(string clockSource)
    {
        var health = TimeCardHealth.Assess(Card(GnssSync.Locked, clockSource), 0, Settings);

        Assert.Equal(ClockStatus.Unsynchronized, health.StatusAt(NanoMoment.UnixEpoch));
        Assert.Contains($"clock_source is {clockSource}", health.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void Tai_card_without_a_utc_offset_should_be_unsynchronized_and_say_what_to_set(int? utcTai)
    {
        var health = TimeCardHealth.Assess(Card(GnssSync.Locked, utcTai: utcTai), 0, Settings);

        Assert.Equal(ClockStatus.Unsynchronized, health.Status);
        Assert.Contains("utc_tai_offset", health.Reason, StringComparison.Ordinal);
        Assert.Contains("timescale = utc", health.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Utc_card_should_not_need_a_utc_offset()
    {
        var health = TimeCardHealth.Assess(Card(GnssSync.Locked, utcTai: 0), 0, Settings with { Timescale = TimeCardTimescale.Utc });

        Assert.Equal(ClockStatus.Synchronized, health.Status);
    }
}
