using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// Turns a kernel timestamp (host CLOCK_REALTIME) into the node's own clocks. The clocks were read a little after the
/// stamp (a <see cref="ClockCapture"/>); the realtime clock says how long after, to within the capture's bracket, and
/// the raw source is carried back by that long at its measured rate (<see cref="SourceRate"/>). The claimed error is
/// half the bracket plus the elapsed time times the rate bound <c>roko.timesync.wire.stamp-drift-ppm</c> (how far the
/// realtime clock's rate may stray from the source's) and the measured rate's own deviation. The answering clock at the
/// stamp is its snapshot's value at that raw instant, so its frequency correction and any slew are followed exactly.
/// Without a usable kernel stamp the caller's fallback reading is the stamp: read after a datagram arrived, it is no
/// earlier than the arrival; read before one was sent, no later than its departure — either way the four-timestamp
/// interval only widens.
/// </summary>
public static class KernelStampTranslation
{
    private const double PartsPerMillion = 1e-6;
    private const double PpmPerUnit = 1e6;

    /// <summary>
    /// Realtime nanoseconds from the stamp to the capture, and the error of that figure carried onto a clock running
    /// <paramref name="ratePpm"/> off realtime at most; null when the stamp lies after the capture (the realtime clock
    /// was stepped between them), so it cannot be carried back.
    /// </summary>
    public static (long ElapsedNanos, long HalfBracketNanos, long ErrorNanos)? Elapsed(long kernelNanos, ClockCapture capture, double ratePpm)
    {
        if (capture.RealtimeAfter < capture.RealtimeBefore || kernelNanos > capture.RealtimeAfter) return null;
        long bracket = capture.RealtimeAfter - capture.RealtimeBefore;
        long halfBracket = bracket - bracket / 2;
        long elapsed = Math.Max(0, capture.RealtimeBefore + bracket / 2 - kernelNanos);
        long drift = (long)Math.Ceiling((elapsed + halfBracket) * ratePpm * PartsPerMillion);
        return (elapsed, halfBracket, checked(halfBracket + drift));
    }

    /// <summary>
    /// Our raw source at the kernel stamp (t1, t4): the capture's raw read carried back at the measured rate; the capture's
    /// raw read itself (error 0, not at the wire) without a usable stamp. Null when the capture has no source.
    /// </summary>
    public static RawStamp? RawAt(long? kernelNanos, ClockCapture capture, double stampDriftPpm)
    {
        if (capture.Source is not { } source) return null;
        double rate = capture.RawPerRealtime;
        double ratePpm = stampDriftPpm + Math.Abs(rate - 1) * PpmPerUnit;
        if (kernelNanos is { } kernel && Elapsed(kernel, capture, ratePpm) is { } back)
            return new RawStamp(source, capture.Raw - (long)Math.Round(back.ElapsedNanos * rate), back.ErrorNanos, AtWire: true);
        return new RawStamp(source, capture.Raw, 0, AtWire: false);
    }

    /// <summary>
    /// The answering clock at the kernel stamp (t2, t3). With the clock's snapshot: its value and interval at the raw
    /// instant of the stamp, the interval widened by twice the raw stamp's error (the clock gains at most twice as fast as
    /// its source). Without one (a clock the caller supplied): the captured reading carried back by the elapsed realtime,
    /// widened by its error. <paramref name="fallback"/> (no stamp, or a correction of the clock between the stamp and the
    /// capture) must err on the honest side: the capture itself for an arrival, the read before sending for a departure.
    /// </summary>
    public static DisciplinedReading ReadingAt(long? kernelNanos, ClockCapture capture, double stampDriftPpm, DisciplinedReading fallback)
    {
        if (kernelNanos is not { } kernel) return fallback;
        if (capture.Snapshot is { } snapshot)
        {
            if (!ReferenceEquals(snapshot.Source, capture.Source) || RawAt(kernel, capture, stampDriftPpm) is not { AtWire: true } raw
                || raw.Raw < snapshot.BaseRaw)
                return fallback;
            var value = new NanoMoment(snapshot.ValueAt(raw.Raw));
            var at = snapshot.IntervalAt(raw.Raw);
            if (!at.IsBounded) return new DisciplinedReading(value, at, ClockStatus.Unsynchronized);
            long widening = checked(2 * raw.ErrorNanos);
            return new DisciplinedReading(value, new NanoInterval(at.Earliest.AddSaturating(-widening), at.Latest.AddSaturating(widening)),
                snapshot.Status);
        }
        var reading = capture.Reading;
        if (Elapsed(kernel, capture, stampDriftPpm) is not { } back) return fallback;
        var estimate = reading.Estimate.AddSaturating(-back.ElapsedNanos);
        if (!reading.Interval.IsBounded) return reading with { Estimate = estimate };
        var interval = new NanoInterval(
            reading.Interval.Earliest.AddSaturating(-back.ElapsedNanos - back.ErrorNanos),
            reading.Interval.Latest.AddSaturating(-back.ElapsedNanos + back.ErrorNanos));
        return new DisciplinedReading(estimate, interval, reading.Status);
    }
}
