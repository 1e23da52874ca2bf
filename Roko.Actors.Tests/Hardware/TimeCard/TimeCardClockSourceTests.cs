using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.TimeCard;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Hardware.TimeCard;

/// <summary>The card source over a test sysfs tree, with CLOCK_REALTIME (id 0) standing in for the card's PHC.</summary>
public sealed class TimeCardClockSourceTests : IDisposable
{
    private const int ClockRealtime = 0;
    private const long NanosPerSecond = 1_000_000_000;
    private const long Generous = 5 * NanosPerSecond;
    private readonly TimeCardTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private TimeCardSettings Settings(TimeCardTimescale timescale = TimeCardTimescale.Utc) => ShippedClockSettings.TimeCard with
    {
        SysfsRoot = _tree.Root,
        StandInClockId = ClockRealtime,
        Timescale = timescale,
        HoldoverDriftPpm = 1_000,
    };

    [Fact]
    public void Card_source_should_read_a_locked_card_as_synchronized_through_the_stand_in_clock()
    {
        using var source = new TimeCardClockSource(Settings());
        var before = SystemClockSource.ReadRealtime();

        var reading = source.Read();

        Assert.Equal(ClockSourceKind.TimeCard, reading.Source);
        Assert.Equal(ClockStatus.Synchronized, reading.Status);
        Assert.InRange(reading.Time.UnixNanoseconds, before.UnixNanoseconds, before.UnixNanoseconds + Generous);
        Assert.InRange(reading.ErrorBoundNanos, 100 + 12, 100 + 12 + 1_000_000);
        Assert.Contains("stand-in clock id 0", source.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_source_should_convert_a_tai_phc_to_utc_with_the_cards_utc_tai_offset()
    {
        using var source = new TimeCardClockSource(Settings(TimeCardTimescale.Tai));
        var realtime = SystemClockSource.ReadRealtime();

        var reading = source.Read();

        // The stand-in reads CLOCK_REALTIME as if it were the card's TAI PHC: UTC is 37 s behind it.
        Assert.InRange(realtime.UnixNanoseconds - reading.Time.UnixNanoseconds, 37 * NanosPerSecond - Generous, 37 * NanosPerSecond + Generous);
    }

    [Fact]
    public void Card_source_should_hold_over_after_a_refresh_sees_the_loss_and_synchronize_again_after_SYNC()
    {
        using var source = new TimeCardClockSource(Settings());
        _tree.Lose(DateTime.UtcNow);

        var check = source.Refresh();
        var first = source.Read();
        var later = source.Read();

        Assert.Equal(ClockStatus.Holdover, first.Status);
        Assert.Contains("LOST @", check.Description, StringComparison.Ordinal);
        Assert.True(first.ErrorBoundNanos >= 2_000_000, $"2 s of loss detection at 1000 ppm is 2 ms at least, got {first.ErrorBoundNanos}");
        Assert.True(later.ErrorBoundNanos >= first.ErrorBoundNanos);
        Assert.NotNull(check.CrossTimestamp);

        _tree.Lock();
        source.Refresh();
        Assert.Equal(ClockStatus.Synchronized, source.Read().Status);
    }

    [Fact]
    public void Card_source_should_be_unsynchronized_while_an_attribute_is_unreadable_and_recover_when_it_is_back()
    {
        using var source = new TimeCardClockSource(Settings());
        _tree.Write("gnss_sync", "garbage");

        var check = source.Refresh();

        Assert.Equal(ClockStatus.Unsynchronized, source.Read().Status);
        Assert.Contains("gnss_sync", check.Description, StringComparison.Ordinal);
        _tree.Lock();
        source.Refresh();
        Assert.Equal(ClockStatus.Synchronized, source.Read().Status);
    }

    [Fact]
    public void Missing_card_should_be_refused_with_what_to_install()
    {
        var error = Assert.Throws<TimeCardUnavailableException>(() => new TimeCardClockSource(Settings() with { Card = "ocp7" }));

        Assert.Contains(Path.Combine(_tree.Root, "ocp7"), error.Message, StringComparison.Ordinal);
        Assert.Contains("modprobe ptp_ocp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_whose_phc_device_is_missing_should_be_refused_naming_the_device()
    {
        var error = Assert.Throws<TimeCardUnavailableException>(() => new TimeCardClockSource(Settings() with { StandInClockId = null }));

        Assert.Contains("/dev/ptp9", error.Message, StringComparison.Ordinal);
    }
}
