using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Clocks.Linux;
using Xunit;

namespace Roko.Actors.Tests.Hardware;

public class PhcClockSourceTests
{
    private const int Enoent = 2;

    [Fact]
    public void Ioctl_numbers_should_match_the_kernel_values()
    {
        Assert.Equal(0x80503d01u, PtpIoctls.ClockGetCaps);
        Assert.Equal(0x43403d05u, PtpIoctls.SysOffset);
        Assert.Equal(0xc4c03d09u, PtpIoctls.SysOffsetExtended);
    }

    [Fact]
    public void Struct_sizes_should_match_the_kernel_layouts()
    {
        Assert.Equal(80, Marshal.SizeOf<PtpClockCaps>());
        Assert.Equal(16, Marshal.SizeOf<PtpClockTime>());
        Assert.Equal(1216, Marshal.SizeOf<PtpSysOffsetExtended>());
        Assert.Equal(1216, Unsafe.SizeOf<PtpSysOffsetExtended>());
        Assert.Equal(208, Marshal.SizeOf<Timex>());
        Assert.Equal(16, Marshal.SizeOf<Timespec>());
        Assert.Equal(24, Marshal.OffsetOf<Timex>(nameof(Timex.MaxErrorMicros)).ToInt32());
        Assert.Equal(32, Marshal.OffsetOf<Timex>(nameof(Timex.EstimatedErrorMicros)).ToInt32());
        Assert.Equal(40, Marshal.OffsetOf<Timex>(nameof(Timex.Status)).ToInt32());
    }

    [Theory]
    [InlineData(3, -29)]
    [InlineData(0, -5)]
    [InlineData(10, -85)]
    public void Dynamic_clock_id_should_be_the_inverted_fd_shifted_with_CLOCKFD(int fd, int expected)
    {
        Assert.Equal(expected, LinuxClockIds.FromFileDescriptor(fd));
    }

    [Fact]
    public void Opening_a_missing_device_should_throw_ClockUnavailableException_with_path_and_errno()
    {
        var error = Assert.Throws<ClockUnavailableException>(() => new PhcClockSource("/dev/ptp-missing-for-test"));

        Assert.Equal("/dev/ptp-missing-for-test", error.DevicePath);
        Assert.Equal(Enoent, error.Errno);
        Assert.Contains("No such file", error.ErrnoMeaning, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/dev/ptp-missing-for-test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_file_that_is_not_a_clock_should_throw_ClockUnavailableException()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Throws<ClockUnavailableException>(() => new PhcClockSource(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Cross_timestamp_should_use_the_tightest_bracket()
    {
        PhcCrossSample[] samples =
        [
            new(1_000, 5_600, 1_400),
            new(2_000, 6_530, 2_060),
            new(3_000, 7_700, 3_900),
        ];

        var cross = PhcCrossTimestamp.FromTightest(samples);

        Assert.Equal(6_530 - 2_030, cross.PhcMinusSystemNanos);
        Assert.Equal(30, cross.UncertaintyNanos);
    }

    [Fact]
    public void Cross_timestamp_should_refuse_brackets_that_run_backwards()
    {
        Assert.Throws<ArgumentException>(() => PhcCrossTimestamp.FromTightest([new PhcCrossSample(10, 5, 9)]));
    }
}
