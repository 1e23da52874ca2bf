using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.TimeCard;

/// <summary>
/// What one look at the card says about its readings, as a function of the time they are taken (pure):
/// GNSS-locked on a GNSS-derived clock source → <see cref="ClockStatus.Synchronized"/> within the card's stated error plus
/// |clock_status_offset| plus the cross-timestamp width; GNSS lost → <see cref="ClockStatus.Holdover"/>, that bound growing
/// from the loss at the oscillator's holdover rate until it passes holdover-max-error, from where the card is
/// <see cref="ClockStatus.Unsynchronized"/>; anything the node cannot vouch for (no GNSS-derived clock source, no UTC offset
/// for a TAI card) → unsynchronized.
/// </summary>
public sealed record TimeCardHealth(ClockStatus Status, HoldoverBound Bound, string Reason)
{
    /// <summary>The clock_source selectors that take the PHC from the card's GNSS receiver (PPS1 from GNSS, or its TOD).</summary>
    public static IReadOnlySet<string> GnssClockSources { get; } = new HashSet<string>(StringComparer.Ordinal) { "PPS", "TOD" };

    public static TimeCardHealth Unusable(string reason) =>
        new(ClockStatus.Unsynchronized, new HoldoverBound(ClockReading.UnboundedError, null, 0, 0), reason);

    /// <summary>Judges one reading of the card's attributes, with the width of the cross-timestamp just measured on its PHC.</summary>
    public static TimeCardHealth Assess(TimeCardAttributes card, long crossTimestampWidthNanos, TimeCardSettings settings)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(crossTimestampWidthNanos);
        if (!GnssClockSources.Contains(card.ClockSource))
            return Unusable($"{card.Card}: clock_source is {card.ClockSource}, not GNSS (PPS or TOD): ROKO vouches only for a GNSS-disciplined card");
        if (settings.Timescale == TimeCardTimescale.Tai && card.UtcTaiOffsetSeconds is not > 0)
            return Unusable($"{card.Card}: its PHC keeps TAI but utc_tai_offset is {card.UtcTaiOffsetSeconds?.ToString() ?? "absent"}: " +
                            "write the current TAI−UTC offset into it (37 since 2017), or set roko.clock.time-card.timescale = utc");
        long locked = Add(Add(settings.LockedErrorNanos, Math.Abs(card.StatusOffset ?? 0)), crossTimestampWidthNanos);
        if (card.Gnss.LostAt is not { } lostAt)
            return new TimeCardHealth(ClockStatus.Synchronized, HoldoverBound.Locked(locked, settings.HoldoverMaxErrorNanos),
                $"{card.Card}: GNSS locked (clock_source {card.ClockSource})");
        var since = NanoMoment.FromDateTime(lostAt.UtcDateTime).AddSaturating(-settings.LossDetectionNanos);
        return new TimeCardHealth(ClockStatus.Holdover,
            new HoldoverBound(locked, since, settings.HoldoverDriftPpm, settings.HoldoverMaxErrorNanos),
            $"{card.Card}: GNSS {card.Gnss}, holding over at {settings.HoldoverDriftPpm} ppm");
    }

    /// <summary>The error bound of a reading taken at <paramref name="now"/>; <see cref="ClockReading.UnboundedError"/> once useless.</summary>
    public long BoundAt(NanoMoment now) => Status == ClockStatus.Unsynchronized ? ClockReading.UnboundedError : Bound.At(now);

    public ClockStatus StatusAt(NanoMoment now) =>
        BoundAt(now) == ClockReading.UnboundedError ? ClockStatus.Unsynchronized : Status;

    private static long Add(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
