using FsCheck.Xunit;
using Roko.Actors.Hardware.Time;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class NanosecondsTests
{
    [Fact]
    public void Nanoseconds_should_count_a_thousand_per_microsecond_and_a_million_per_millisecond()
    {
        Assert.Equal(1_000L, Nanoseconds.PerMicrosecond);
        Assert.Equal(1_000_000L, Nanoseconds.PerMillisecond);
        Assert.Equal(NanoMoment.NanosPerSecond, 1_000 * Nanoseconds.PerMillisecond);
        Assert.Equal(Nanoseconds.PerMillisecond, Nanoseconds.FromTimeSpan(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(Nanoseconds.PerMicrosecond, Nanoseconds.FromTimeSpan(TimeSpan.FromMicroseconds(1)));
    }

    [Theory]
    [InlineData(0L, 0.0, 0.0, 0.0)]
    [InlineData(1L, 0.001, 0.000001, 0.000000001)]
    [InlineData(1_500L, 1.5, 0.0015, 0.0000015)]
    [InlineData(2_500_000L, 2_500.0, 2.5, 0.0025)]
    [InlineData(-3_000_000_000L, -3_000_000.0, -3_000.0, -3.0)]
    public void Nanoseconds_should_convert_to_fractional_units_without_truncating(long nanos, double micros, double millis, double seconds)
    {
        Assert.Equal(micros, Nanoseconds.ToMicroseconds(nanos));
        Assert.Equal(millis, Nanoseconds.ToMilliseconds(nanos));
        Assert.Equal(seconds, Nanoseconds.ToSeconds(nanos));
    }

    [Property(MaxTest = 1000)]
    public bool Nanoseconds_should_convert_exactly_as_dividing_by_1e3_1e6_and_1e9(long nanos) =>
        Nanoseconds.ToMicroseconds(nanos).Equals(nanos / 1e3)
        && Nanoseconds.ToMilliseconds(nanos).Equals(nanos / 1e6)
        && Nanoseconds.ToSeconds(nanos).Equals(nanos / 1e9);
}
