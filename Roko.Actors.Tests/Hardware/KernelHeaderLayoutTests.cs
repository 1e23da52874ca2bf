using System.Globalization;
using System.Runtime.InteropServices;
using Roko.Actors.Hardware.Clocks.Linux;
using Roko.Actors.Tests.Ptp;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.Hardware;

/// <summary>
/// The ioctl numbers and struct layouts the PHC path uses, checked against the kernel's own headers
/// (linux/ptp_clock.h, sys/timex.h) by compiling a C program that prints them. These are what a machine without
/// /dev/ptp* cannot exercise, so they are pinned here.
/// </summary>
public sealed class KernelHeaderLayoutTests(ITestOutputHelper output)
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <time.h>
        #include <sys/timex.h>
        #include <linux/ptp_clock.h>
        #define SHOW(name, value) printf("%s=%lu\n", name, (unsigned long)(value))
        int main(void) {
          SHOW("PTP_CLOCK_GETCAPS", PTP_CLOCK_GETCAPS);
          SHOW("PTP_SYS_OFFSET", PTP_SYS_OFFSET);
          SHOW("PTP_SYS_OFFSET_PRECISE", PTP_SYS_OFFSET_PRECISE);
          SHOW("PTP_SYS_OFFSET_EXTENDED", PTP_SYS_OFFSET_EXTENDED);
          SHOW("PTP_MAX_SAMPLES", PTP_MAX_SAMPLES);
          SHOW("sizeof ptp_clock_time", sizeof(struct ptp_clock_time));
          SHOW("sizeof ptp_clock_caps", sizeof(struct ptp_clock_caps));
          SHOW("offsetof ptp_clock_caps.max_adj", offsetof(struct ptp_clock_caps, max_adj));
          SHOW("offsetof ptp_clock_caps.n_pins", offsetof(struct ptp_clock_caps, n_pins));
          SHOW("offsetof ptp_clock_caps.cross_timestamping", offsetof(struct ptp_clock_caps, cross_timestamping));
          SHOW("offsetof ptp_clock_caps.adjust_phase", offsetof(struct ptp_clock_caps, adjust_phase));
          SHOW("sizeof ptp_sys_offset", sizeof(struct ptp_sys_offset));
          SHOW("sizeof ptp_sys_offset_extended", sizeof(struct ptp_sys_offset_extended));
          SHOW("offsetof ptp_sys_offset_extended.ts", offsetof(struct ptp_sys_offset_extended, ts));
          SHOW("sizeof ptp_sys_offset_precise", sizeof(struct ptp_sys_offset_precise));
          SHOW("offsetof ptp_sys_offset_precise.sys_realtime", offsetof(struct ptp_sys_offset_precise, sys_realtime));
          SHOW("offsetof ptp_sys_offset_precise.sys_monoraw", offsetof(struct ptp_sys_offset_precise, sys_monoraw));
          SHOW("sizeof timex", sizeof(struct timex));
          SHOW("offsetof timex.maxerror", offsetof(struct timex, maxerror));
          SHOW("offsetof timex.esterror", offsetof(struct timex, esterror));
          SHOW("offsetof timex.status", offsetof(struct timex, status));
          SHOW("STA_UNSYNC", STA_UNSYNC);
          SHOW("TIME_ERROR", TIME_ERROR);
          SHOW("CLOCK_REALTIME", CLOCK_REALTIME);
          return 0;
        }
        """;

    [KernelHeaderFact]
    public async Task Ioctl_numbers_and_struct_layouts_should_be_those_of_the_kernel_headers()
    {
        var kernel = await CompileAndRunAsync();
        var ours = new Dictionary<string, ulong>
        {
            ["PTP_CLOCK_GETCAPS"] = PtpIoctls.ClockGetCaps,
            ["PTP_SYS_OFFSET"] = PtpIoctls.SysOffset,
            ["PTP_SYS_OFFSET_PRECISE"] = PtpIoctls.SysOffsetPrecise,
            ["PTP_SYS_OFFSET_EXTENDED"] = PtpIoctls.SysOffsetExtended,
            ["PTP_MAX_SAMPLES"] = PtpSysOffsetExtended.MaxSamples,
            ["sizeof ptp_clock_time"] = (ulong)Marshal.SizeOf<PtpClockTime>(),
            ["sizeof ptp_clock_caps"] = (ulong)Marshal.SizeOf<PtpClockCaps>(),
            ["offsetof ptp_clock_caps.max_adj"] = Offset<PtpClockCaps>(nameof(PtpClockCaps.MaxAdjustPpb)),
            ["offsetof ptp_clock_caps.n_pins"] = Offset<PtpClockCaps>(nameof(PtpClockCaps.PinCount)),
            ["offsetof ptp_clock_caps.cross_timestamping"] = Offset<PtpClockCaps>(nameof(PtpClockCaps.CrossTimestamping)),
            ["offsetof ptp_clock_caps.adjust_phase"] = Offset<PtpClockCaps>(nameof(PtpClockCaps.AdjustPhase)),
            ["sizeof ptp_sys_offset"] = PtpSysOffset.SizeInBytes,
            ["sizeof ptp_sys_offset_extended"] = (ulong)Marshal.SizeOf<PtpSysOffsetExtended>(),
            ["offsetof ptp_sys_offset_extended.ts"] = 16,
            ["sizeof ptp_sys_offset_precise"] = (ulong)Marshal.SizeOf<PtpSysOffsetPrecise>(),
            ["offsetof ptp_sys_offset_precise.sys_realtime"] = Offset<PtpSysOffsetPrecise>(nameof(PtpSysOffsetPrecise.SystemRealtime)),
            ["offsetof ptp_sys_offset_precise.sys_monoraw"] = Offset<PtpSysOffsetPrecise>(nameof(PtpSysOffsetPrecise.SystemMonotonicRaw)),
            ["sizeof timex"] = (ulong)Marshal.SizeOf<Timex>(),
            ["offsetof timex.maxerror"] = Offset<Timex>(nameof(Timex.MaxErrorMicros)),
            ["offsetof timex.esterror"] = Offset<Timex>(nameof(Timex.EstimatedErrorMicros)),
            ["offsetof timex.status"] = Offset<Timex>(nameof(Timex.Status)),
            ["STA_UNSYNC"] = Timex.StaUnsync,
            ["TIME_ERROR"] = Timex.TimeError,
            ["CLOCK_REALTIME"] = LinuxClockIds.ClockRealtime,
        };
        foreach (var (name, value) in kernel)
            output.WriteLine($"{name} = 0x{value:x} ({value}); ours 0x{ours[name]:x}");
        Assert.Equal(ours.Keys.Order(), kernel.Keys.Order());
        Assert.All(ours, pair => Assert.True(pair.Value == kernel[pair.Key], $"{pair.Key}: ours {pair.Value}, the kernel's {kernel[pair.Key]}"));
    }

    private static ulong Offset<T>(string field) => (ulong)Marshal.OffsetOf<T>(field).ToInt64();

    private static async Task<Dictionary<string, ulong>> CompileAndRunAsync()
    {
        using var dir = new TempDirectory();
        string source = dir.Combine("layout.c");
        string binary = dir.Combine("layout");
        await File.WriteAllTextAsync(source, Program);
        await HostCommand.RunAsync(KernelHeaderFactAttribute.Compiler, "-o", binary, source);
        string printed = await HostCommand.RunAsync(binary);
        return printed.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('='))
            .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

/// <summary>Needs a C compiler and the kernel's user-space headers (gcc, linux-libc-dev); under CI=true their absence is a failure.</summary>
public sealed class KernelHeaderFactAttribute : FactAttribute
{
    public const string Compiler = "cc";

    public KernelHeaderFactAttribute()
    {
        if (HostCommand.Find(Compiler) is null && !PtpIntegrationPrerequisites.RunningInCi)
            Skip = "needs a C compiler (Debian packages gcc, linux-libc-dev); set CI=true to make this a failure";
        else if (!File.Exists("/usr/include/linux/ptp_clock.h") && !PtpIntegrationPrerequisites.RunningInCi)
            Skip = "needs the kernel's user-space headers (Debian package linux-libc-dev)";
    }
}
