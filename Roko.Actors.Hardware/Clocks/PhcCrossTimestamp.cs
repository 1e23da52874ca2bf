namespace Roko.Actors.Hardware.Clocks;

/// <summary>One (system before, PHC, system after) bracket from PTP_SYS_OFFSET_EXTENDED, all in Unix nanoseconds.</summary>
public readonly record struct PhcCrossSample(long SystemBefore, long Phc, long SystemAfter)
{
    public long BracketNanos => SystemAfter - SystemBefore;

    public bool IsValid => SystemAfter >= SystemBefore;
}

/// <summary>The PHC's offset from the system clock, measured in the tightest bracket; ± half the bracket width.</summary>
public readonly record struct PhcCrossTimestamp(long PhcMinusSystemNanos, long UncertaintyNanos, long PhcUnixNanoseconds)
{
    /// <summary>Picks the sample with the narrowest system bracket; the system time is taken at the bracket's middle.</summary>
    public static PhcCrossTimestamp FromTightest(ReadOnlySpan<PhcCrossSample> samples)
    {
        int best = -1;
        for (int i = 0; i < samples.Length; i++)
        {
            if (!samples[i].IsValid) continue;
            if (best < 0 || samples[i].BracketNanos < samples[best].BracketNanos) best = i;
        }
        if (best < 0)
            throw new ArgumentException("no valid (system before <= system after) cross-timestamp sample", nameof(samples));
        var s = samples[best];
        long systemMiddle = s.SystemBefore + s.BracketNanos / 2;
        long halfBracket = (s.BracketNanos + 1) / 2;
        return new PhcCrossTimestamp(s.Phc - systemMiddle, halfBracket, s.Phc);
    }
}
