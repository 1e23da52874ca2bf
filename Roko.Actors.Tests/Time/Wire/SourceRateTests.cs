using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Time.Wire;
using Xunit;

namespace Roko.Actors.Tests.Time.Wire;

public sealed class SourceRateTests
{
    private const long Second = 1_000_000_000;
    private static readonly IClockSource Source = new SimulatedClockSource(new SimulatedClockOptions());

    [Fact]
    public void Rate_should_be_one_until_two_points_a_second_apart_are_known()
    {
        var rate = SourceRate.Unknown.Next(Source, 0, 0).Next(Source, Second / 2, Second / 2 + 50);

        Assert.Equal(1, rate.RawPerRealtime);
        Assert.Single(rate.Points);
    }

    [Fact]
    public void Rate_should_measure_a_source_running_100_ppm_fast()
    {
        var rate = SourceRate.Unknown;
        for (long t = 0; t <= 3 * Second; t += Second / 4) rate = rate.Next(Source, t, t + t / 10_000);

        Assert.Equal(1.0001, rate.RawPerRealtime, precision: 9);
        Assert.Equal(4, rate.Points.Length);
    }

    [Fact]
    public void Rate_should_keep_at_most_the_newest_points()
    {
        var rate = SourceRate.Unknown;
        for (long t = 0; t <= 20 * Second; t += Second) rate = rate.Next(Source, t, t);

        Assert.Equal(SourceRate.MaxPoints, rate.Points.Length);
        Assert.Equal(20 * Second, rate.Points[^1].Realtime);
    }

    [Fact]
    public void Rate_should_start_afresh_after_a_jump_no_oscillator_explains_or_on_another_source()
    {
        var rate = SourceRate.Unknown.Next(Source, 0, 0).Next(Source, Second, Second);

        var jumped = rate.Next(Source, 2 * Second, 3 * Second);
        var other = rate.Next(new SimulatedClockSource(new SimulatedClockOptions()), 2 * Second, 2 * Second);

        Assert.Single(jumped.Points);
        Assert.Single(other.Points);
        Assert.Equal(1, jumped.RawPerRealtime);
    }
}
