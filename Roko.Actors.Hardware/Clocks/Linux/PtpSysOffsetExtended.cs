using System.Runtime.InteropServices;

namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>
/// struct ptp_sys_offset_extended: n_samples, rsv[3], then ts[25][3] of ptp_clock_time, each triple being
/// (system before, PHC, system after). 16 + 25*3*16 = 1216 bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SizeInBytes)]
internal unsafe struct PtpSysOffsetExtended
{
    public const int MaxSamples = 25;
    public const int TimesPerSample = 3;
    private const int HeaderBytes = 16;
    private const int SamplesBytes = MaxSamples * TimesPerSample * PtpClockTime.SizeInBytes;
    public const int SizeInBytes = HeaderBytes + SamplesBytes;

    [FieldOffset(0)] public uint SampleCount;
    [FieldOffset(HeaderBytes)] private fixed byte _samples[SamplesBytes];

    public PtpClockTime Time(int sample, int which)
    {
        if ((uint)sample >= MaxSamples) throw new ArgumentOutOfRangeException(nameof(sample));
        if ((uint)which >= TimesPerSample) throw new ArgumentOutOfRangeException(nameof(which));
        fixed (byte* p = _samples)
            return ((PtpClockTime*)p)[sample * TimesPerSample + which];
    }
}
