namespace Roko.Actors.Hardware.Clocks.Linux;

/// <summary>struct ptp_sys_offset: n_samples, rsv[3], then 2*25+1 ptp_clock_time (only its size is used here).</summary>
internal static class PtpSysOffset
{
    public const int MaxSamples = 25;
    private const int HeaderBytes = 16;
    public const int SizeInBytes = HeaderBytes + (2 * MaxSamples + 1) * PtpClockTime.SizeInBytes;
}
