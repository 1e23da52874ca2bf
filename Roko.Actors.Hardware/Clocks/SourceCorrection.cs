namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// A correction measured against the clock's raw source rather than its disciplined value: at raw reading
/// <see cref="AtRaw"/> of <see cref="Source"/>, true time minus raw lay in [<see cref="OffsetLowNanos"/>,
/// <see cref="OffsetHighNanos"/>]. Because the raw source is never slewed or stepped, the measurement stays valid however
/// late it is applied: the clock widens it by <see cref="SourceDriftPpm"/> for the raw time elapsed since
/// <see cref="AtRaw"/>. <see cref="FrequencyPpb"/> is the absolute frequency correction to use (null keeps the current one).
/// <see cref="EstimateNanos"/>, when given, is the offset inside that interval the clock should aim at (a filtered point
/// estimate, e.g. from the lowest-delay samples) instead of the interval's midpoint; the clock widens its interval
/// symmetrically around it, so the claimed interval still contains the whole measured one.
/// </summary>
public sealed record SourceCorrection(
    IClockSource Source,
    long AtRaw,
    long OffsetLowNanos,
    long OffsetHighNanos,
    double? FrequencyPpb,
    double SourceDriftPpm,
    long? EstimateNanos = null)
{
    /// <summary>Why this correction is malformed, or null when it is well formed.</summary>
    public string? Problem() =>
        OffsetLowNanos > OffsetHighNanos ? $"offset interval [{OffsetLowNanos}, {OffsetHighNanos}] is empty"
        : SourceDriftPpm < 0 || !double.IsFinite(SourceDriftPpm) ? $"source drift {SourceDriftPpm} ppm is not a bound"
        : FrequencyPpb is { } f && !double.IsFinite(f) ? $"frequency {f} ppb is not finite"
        : EstimateNanos is { } e && (e < OffsetLowNanos || e > OffsetHighNanos)
            ? $"estimate {e} ns lies outside the offset interval [{OffsetLowNanos}, {OffsetHighNanos}]"
        : null;
}
