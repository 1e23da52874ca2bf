using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class ClockReadingTests
{
    [Fact]
    public void Unsynchronized_reading_should_have_an_unbounded_error_whatever_it_was_given()
    {
        var reading = new ClockReading(new NanoMoment(5), 10, ClockSourceKind.Phc, ClockStatus.Unsynchronized);

        Assert.Equal(long.MaxValue, reading.ErrorBoundNanos);
        Assert.False(reading.IsBounded);
        Assert.Equal(NanoInterval.Unbounded, reading.Interval);
        Assert.Contains("UNSYNCHRONIZED", reading.ToString(), StringComparison.Ordinal);
        Assert.Contains("UNBOUNDED", reading.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Synchronized_reading_should_give_its_time_plus_or_minus_the_error_bound()
    {
        var reading = new ClockReading(new NanoMoment(1_000), 10, ClockSourceKind.System, ClockStatus.Synchronized);

        Assert.Equal(new NanoInterval(new NanoMoment(990), new NanoMoment(1_010)), reading.Interval);
    }

    [Fact]
    public void Reading_should_refuse_a_negative_error_bound()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ClockReading(new NanoMoment(0), -1, ClockSourceKind.System, ClockStatus.Synchronized));
    }
}
