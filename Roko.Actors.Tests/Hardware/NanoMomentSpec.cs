using FsCheck.Xunit;
using Roko.Actors.Hardware.Time;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class NanoMomentSpec
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1L, "1970-01-01T00:00:00.000000001Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999999Z")]
    [InlineData(-1_000_000_000L, "1969-12-31T23:59:59.000000000Z")]
    [InlineData(-999_999_999L, "1969-12-31T23:59:59.000000001Z")]
    [InlineData(1_795_373_305_000_000_123L, "2026-11-22T18:48:25.000000123Z")]
    [InlineData(long.MaxValue, "2262-04-11T23:47:16.854775807Z")]
    [InlineData(long.MinValue, "1677-09-21T00:12:43.145224192Z")]
    [InlineData(long.MinValue + 1, "1677-09-21T00:12:43.145224193Z")]
    [InlineData(long.MaxValue - 1, "2262-04-11T23:47:16.854775806Z")]
    public void NanoMoment_should_print_nine_digits_and_parse_back_exactly(long nanos, string text)
    {
        var moment = new NanoMoment(nanos);
        Assert.Equal(text, moment.ToString());
        Assert.Equal(moment, NanoMoment.Parse(text));
    }

    [Property(MaxTest = 2000)]
    public bool NanoMoment_should_round_trip_through_text_for_every_long(long nanos) =>
        NanoMoment.Parse(new NanoMoment(nanos).ToString()) == new NanoMoment(nanos);

    [Property(MaxTest = 500)]
    public bool NanoMoment_should_round_trip_in_the_last_second_before_the_minimum(uint offset) =>
        NanoMoment.Parse(new NanoMoment(long.MinValue + offset % 1_000_000_000).ToString()) == new NanoMoment(long.MinValue + offset % 1_000_000_000);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("2026-11-22T18:48:25Z", "nine fractional digits")]
    [InlineData("2026-11-22T18:48:25.12345678Z", "nine fractional digits")]
    [InlineData("2026-11-22T18:48:25.1234567890Z", "nine fractional digits")]
    [InlineData("2026-11-22T18:48:25.123456789+", "nine fractional digits")]
    [InlineData("2026-11-22 18:48:25.123456789Z", "date or time part")]
    [InlineData("2026-13-22T18:48:25.123456789Z", "date or time part")]
    [InlineData("2026-02-30T18:48:25.123456789Z", "date or time part")]
    [InlineData("2026-11-22T18:48:25.12345678xZ", "fractional part must be nine digits")]
    [InlineData("2026-11-22T18:48:25.-12345678Z", "fractional part must be nine digits")]
    [InlineData("2262-04-11T23:47:16.854775808Z", "outside the 64-bit nanosecond range")]
    [InlineData("1677-09-21T00:12:43.145224191Z", "outside the 64-bit nanosecond range")]
    [InlineData("9999-12-31T23:59:59.999999999Z", "outside the 64-bit nanosecond range")]
    public void Parse_should_refuse_malformed_text_with_a_message_naming_the_problem(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => NanoMoment.Parse(text));
        Assert.Contains(expected, e.Message);
        Assert.Contains(text, e.Message);
        Assert.False(NanoMoment.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void TryParse_should_refuse_null()
    {
        Assert.False(NanoMoment.TryParse(null, out _, out var error));
        Assert.Equal("empty", error);
    }

    [Fact]
    public void Arithmetic_should_add_and_subtract_nanoseconds_and_timespans()
    {
        var t = NanoMoment.FromUnixSeconds(10, 5);
        Assert.Equal(10_000_000_005L, t.UnixNanoseconds);
        Assert.Equal(new NanoMoment(10_000_000_105L), t.AddNanoseconds(100));
        Assert.Equal(new NanoMoment(11_000_000_005L), t + TimeSpan.FromSeconds(1));
        Assert.Equal(new NanoMoment(9_000_000_005L), t - TimeSpan.FromSeconds(1));
        Assert.Equal(100L, t.AddNanoseconds(100) - t);
        Assert.Equal(-100L, t - t.AddNanoseconds(100));
    }

    [Fact]
    public void Arithmetic_should_throw_on_overflow_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => NanoMoment.MaxValue.AddNanoseconds(1));
        Assert.Throws<OverflowException>(() => NanoMoment.MinValue.AddNanoseconds(-1));
        Assert.Throws<OverflowException>(() => NanoMoment.MaxValue - NanoMoment.MinValue);
        Assert.Throws<OverflowException>(() => NanoMoment.MaxValue + TimeSpan.FromTicks(1));
        Assert.Throws<OverflowException>(() => NanoMoment.FromUnixSeconds(long.MaxValue / 1_000_000_000L + 1));
    }

    [Fact]
    public void AddSaturating_should_clamp_at_the_ends_of_the_range()
    {
        Assert.Equal(NanoMoment.MaxValue, NanoMoment.MaxValue.AddSaturating(1));
        Assert.Equal(NanoMoment.MaxValue, new NanoMoment(long.MaxValue - 5).AddSaturating(long.MaxValue));
        Assert.Equal(NanoMoment.MinValue, NanoMoment.MinValue.AddSaturating(-1));
        Assert.Equal(NanoMoment.MinValue, new NanoMoment(long.MinValue + 5).AddSaturating(long.MinValue));
        Assert.Equal(new NanoMoment(7), new NanoMoment(5).AddSaturating(2));
    }

    [Fact]
    public void Ordering_should_follow_the_nanosecond_count_including_negative_moments()
    {
        var moments = new[] { new NanoMoment(3), NanoMoment.MinValue, new NanoMoment(-1), NanoMoment.MaxValue, NanoMoment.UnixEpoch };
        var sorted = moments.OrderBy(m => m).Select(m => m.UnixNanoseconds).ToArray();
        Assert.Equal(new[] { long.MinValue, -1L, 0L, 3L, long.MaxValue }, sorted);
        Assert.True(new NanoMoment(-1) < NanoMoment.UnixEpoch);
        Assert.True(NanoMoment.UnixEpoch <= NanoMoment.UnixEpoch);
        Assert.True(NanoMoment.MaxValue > new NanoMoment(0));
        Assert.True(NanoMoment.MaxValue >= NanoMoment.MaxValue);
        Assert.Equal(new NanoMoment(5), NanoMoment.Max(new NanoMoment(5), new NanoMoment(-5)));
        Assert.Equal(new NanoMoment(-5), NanoMoment.Min(new NanoMoment(5), new NanoMoment(-5)));
    }

    [Fact]
    public void DateTime_conversion_should_keep_ticks_and_truncate_below_them()
    {
        var dt = new DateTime(2026, 11, 22, 18, 48, 25, DateTimeKind.Utc).AddTicks(1234567);
        var moment = NanoMoment.FromDateTime(dt);
        Assert.Equal("2026-11-22T18:48:25.123456700Z", moment.ToString());
        Assert.Equal(dt, moment.AddNanoseconds(99).ToDateTime());
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999), new NanoMoment(-1).ToDateTime());
        Assert.Throws<ArgumentException>(() => NanoMoment.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local)));
    }
}

public class NanoIntervalSpec
{
    [Fact]
    public void NanoInterval_should_refuse_latest_before_earliest()
    {
        Assert.Throws<ArgumentException>(() => new NanoInterval(new NanoMoment(2), new NanoMoment(1)));
    }

    [Fact]
    public void Midpoint_should_be_absent_when_the_interval_is_unbounded_at_either_end()
    {
        Assert.Null(NanoInterval.Unbounded.Midpoint);
        Assert.Null(new NanoInterval(NanoMoment.MinValue, new NanoMoment(1000)).Midpoint);
        Assert.Null(NanoInterval.Around(new NanoMoment(1000), long.MaxValue).Midpoint);
        Assert.Equal(new NanoMoment(-5), new NanoInterval(new NanoMoment(-10), new NanoMoment(0)).Midpoint);
    }

    [Fact]
    public void Around_should_give_midpoint_and_half_width_and_contain_its_ends()
    {
        var i = NanoInterval.Around(new NanoMoment(1000), 10);
        Assert.Equal(new NanoMoment(990), i.Earliest);
        Assert.Equal(new NanoMoment(1010), i.Latest);
        Assert.Equal(new NanoMoment(1000), i.Midpoint);
        Assert.Equal(10L, i.HalfWidthNanos);
        Assert.True(i.IsBounded);
        Assert.True(i.Contains(new NanoMoment(990)) && i.Contains(new NanoMoment(1010)));
        Assert.False(i.Contains(new NanoMoment(1011)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NanoInterval.Around(new NanoMoment(0), -1));
    }

    [Fact]
    public void Unbounded_should_report_itself_as_unbounded()
    {
        Assert.False(NanoInterval.Unbounded.IsBounded);
        Assert.Equal(long.MaxValue, NanoInterval.Unbounded.HalfWidthNanos);
        Assert.Equal("[unbounded]", NanoInterval.Unbounded.ToString());
        Assert.False(NanoInterval.Around(NanoMoment.MaxValue, 5).IsBounded);
    }
}
