using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class SystemClockSourceTests
{
    private const long TwoSecondsNanos = 2_000_000_000;

    [Fact]
    public void System_clock_should_read_close_to_DateTime_UtcNow()
    {
        var reading = SystemClockSource.Instance.Read();
        var reference = NanoMoment.FromDateTime(DateTime.UtcNow);

        Assert.Equal(ClockSourceKind.System, reading.Source);
        Assert.InRange(Math.Abs(reference - reading.Time), 0, TwoSecondsNanos);
    }

    [Fact]
    public void System_clock_should_be_unbounded_exactly_when_the_kernel_says_unsynchronized()
    {
        var kernel = SystemClockSource.ReadKernelState();
        var reading = SystemClockSource.Instance.Read();

        if (kernel.Synchronized)
        {
            Assert.Equal(ClockStatus.Synchronized, reading.Status);
            Assert.Equal(kernel.MaxErrorNanos, reading.ErrorBoundNanos);
        }
        else
        {
            Assert.True(reading.IsUnsynchronized);
            Assert.Equal(ClockReading.UnboundedError, reading.ErrorBoundNanos);
            Assert.Contains("UNSYNCHRONIZED", reading.ToString(), StringComparison.Ordinal);
        }
    }
}
