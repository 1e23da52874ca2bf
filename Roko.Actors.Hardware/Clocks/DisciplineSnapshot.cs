using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// One immutable state of a <see cref="DisciplinedClock"/>, valid from a base raw reading of its source onwards.
/// With e = raw − BaseRaw (source nanoseconds):
///   clock value  m(e) = BaseValue + ceil(e·(1+f) + sign(P)·min(|P|, e·S))     (P slewed in at rate S)
///   earliest     E(e) = EarliestAtBase + floor(e·(1+f−D) + (P > 0 ? 2·min(P, e·S) : 0))
///   interval     [E, 2m − E], symmetric about m
/// Both m and E are non-decreasing in e, and the interval always covers target ± uncertainty, where the target
/// (the corrected time) is m plus the part of P not yet slewed in and the uncertainty grows by D per nanosecond.
/// </summary>
public sealed record DisciplineSnapshot
{
    private const double PartsPerMillion = 1e-6;
    private const double PartsPerBillion = 1e-9;

    public required IClockSource Source { get; init; }
    public required long BaseRaw { get; init; }
    public required long BaseValue { get; init; }

    /// <summary>Lower bound at base; null when nothing bounds the error (unsynchronized).</summary>
    public required long? EarliestAtBase { get; init; }

    /// <summary>Frequency correction applied to the source, parts per billion.</summary>
    public required double FrequencyPpb { get; init; }

    /// <summary>Phase correction still to be slewed in from base, nanoseconds.</summary>
    public required long PendingPhaseNanos { get; init; }

    public required double SlewPpm { get; init; }
    public required double MaxDriftPpm { get; init; }
    public required ClockStatus Status { get; init; }

    /// <summary>Clock value at the last applied correction; null before the first one.</summary>
    public NanoMoment? LastCorrection { get; init; }

    public long CorrectionCount { get; init; }

    public bool IsBounded => EarliestAtBase is not null;

    public long ValueAt(long raw)
    {
        double e = Elapsed(raw);
        return Saturate(BaseValue, Math.Ceiling(e * (1 + FrequencyPpb * PartsPerBillion) + SignedSlewed(e)));
    }

    public NanoInterval IntervalAt(long raw)
    {
        if (EarliestAtBase is not { } earliestAtBase) return NanoInterval.Unbounded;
        double e = Elapsed(raw);
        double rate = 1 + FrequencyPpb * PartsPerBillion - MaxDriftPpm * PartsPerMillion;
        double forwardSlew = PendingPhaseNanos > 0 ? 2 * Slewed(e) : 0;
        long earliest = Saturate(earliestAtBase, Math.Floor(e * rate + forwardSlew));
        long value = ValueAt(raw);
        long halfWidth = value - earliest;
        return new NanoInterval(new NanoMoment(earliest), new NanoMoment(value).AddSaturating(halfWidth));
    }

    private double Elapsed(long raw) => Math.Max(0, (double)(raw - BaseRaw));

    private double Slewed(double e) => Math.Min(Math.Abs((double)PendingPhaseNanos), e * SlewPpm * PartsPerMillion);

    private double SignedSlewed(double e) => Math.Sign(PendingPhaseNanos) * Slewed(e);

    private static long Saturate(long start, double delta)
    {
        double sum = start + delta;
        if (sum >= long.MaxValue) return long.MaxValue;
        if (sum <= long.MinValue) return long.MinValue;
        return start + (long)delta;
    }
}
