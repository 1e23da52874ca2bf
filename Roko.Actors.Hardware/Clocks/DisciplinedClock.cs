using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// The node's clock: a raw source plus an immutable <see cref="DisciplineSnapshot"/> that one writer (PtpClockActor)
/// replaces on each correction. Readers get an interval that contains true time with no message round-trip.
/// The estimate and the earliest bound never go backwards: negative corrections are slewed in at a bounded rate, and a
/// correction is intersected with the interval already claimed, so honest corrections only ever tighten it.
/// </summary>
public sealed class DisciplinedClock : IClock
{
    private const double PpbPerPpm = 1_000;
    private const double PartsPerMillion = 1e-6;

    private readonly ClockSourceSettings _settings;
    private readonly Lock _gate = new();
    private DisciplineSnapshot _snapshot;
    private long _rawHighWater = long.MinValue;
    private long _valueHighWater = long.MinValue;

    public DisciplinedClock(IClockSource source, ClockSourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        var reading = source.Read();
        long raw = reading.Time.UnixNanoseconds;
        _snapshot = Rebase(source, raw, raw, SourceInterval(reading), reading.Time, 0, reading.Status, null, 0).Snapshot;
    }

    public DisciplineSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public ClockStatus Status => Snapshot.Status;

    public NanoMoment? LastCorrection => Snapshot.LastCorrection;

    public IClockSource Source => Snapshot.Source;

    public NanoInterval Now() => Read().Interval;

    public NanoMoment Estimate() => Read().Estimate;

    /// <summary>Reads the clock. A failing source yields an unsynchronized reading, never an exception.</summary>
    public DisciplinedReading Read()
    {
        lock (_gate)
        {
            var snapshot = _snapshot;
            if (!TryReadRaw(snapshot.Source, out long raw))
                return new DisciplinedReading(new NanoMoment(_valueHighWater), NanoInterval.Unbounded, ClockStatus.Unsynchronized);
            long value = snapshot.ValueAt(raw);
            _valueHighWater = Math.Max(_valueHighWater, value);
            return new DisciplinedReading(new NanoMoment(value), snapshot.IntervalAt(raw), snapshot.Status);
        }
    }

    /// <summary>
    /// Applies a measured correction: true time is the clock's value + <paramref name="offsetNanos"/>, within
    /// ± <paramref name="uncertaintyNanos"/>; the frequency correction changes by <paramref name="frequencyAdjustPpb"/>.
    /// Throws <see cref="ClockUnavailableException"/> when the source cannot be read.
    /// </summary>
    public CorrectionResult ApplyCorrection(long offsetNanos, double frequencyAdjustPpb, long uncertaintyNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(uncertaintyNanos);
        if (!double.IsFinite(frequencyAdjustPpb)) throw new ArgumentOutOfRangeException(nameof(frequencyAdjustPpb));
        lock (_gate)
        {
            var old = _snapshot;
            long raw = ReadRaw(old.Source);
            long value = old.ValueAt(raw);
            var target = new NanoMoment(value).AddSaturating(offsetNanos);
            var measured = NanoInterval.Around(target, SaturatingAdd(uncertaintyNanos, _settings.ReadNoiseNanos));
            double maxFrequencyPpb = _settings.MaxFrequencyPpm * PpbPerPpm;
            double frequency = Math.Clamp(old.FrequencyPpb + frequencyAdjustPpb, -maxFrequencyPpb, maxFrequencyPpb);
            var result = Rebase(old.Source, raw, value, Intersect(old.IntervalAt(raw), measured, out bool contradicted),
                target, frequency, ClockStatus.Synchronized, new NanoMoment(value), old.CorrectionCount + 1);
            result = result with { ContradictedPreviousInterval = contradicted };
            Volatile.Write(ref _snapshot, result.Snapshot);
            return result;
        }
    }

    /// <summary>The source's per-read noise bound (roko.clock.read-noise); a time-sync sampler stamping raw reads allows for it.</summary>
    public long ReadNoiseNanos => _settings.ReadNoiseNanos;

    /// <summary>
    /// A raw reading of the current source, never below an earlier one: the timescale <see cref="SourceCorrection"/>s are
    /// measured on. Throws <see cref="ClockUnavailableException"/> when the source cannot be read.
    /// </summary>
    public (IClockSource Source, long Raw) ReadSourceTime()
    {
        lock (_gate)
        {
            var source = _snapshot.Source;
            return (source, ReadRaw(source));
        }
    }

    /// <summary>
    /// Applies a correction measured against the raw source (see <see cref="SourceCorrection"/>): the offset interval is
    /// widened by the source's drift since it was measured and by the read noise, then intersected with the interval
    /// already claimed. Throws <see cref="ArgumentException"/> for a malformed correction or one measured on another
    /// source, and <see cref="ClockUnavailableException"/> when the source cannot be read.
    /// </summary>
    public CorrectionResult ApplySourceCorrection(SourceCorrection correction) => ApplySourceCorrection(correction, countAsCorrection: true);

    /// <summary>
    /// As <see cref="ApplySourceCorrection(SourceCorrection)"/>; with <paramref name="countAsCorrection"/> false (the clock
    /// actor re-anchoring on a source that vouches for itself) <see cref="LastCorrection"/> and the correction count stay
    /// as they were: they describe corrections from time sync. <paramref name="status"/> is what the clock reports from
    /// then on (a re-anchoring source in holdover says <see cref="ClockStatus.Holdover"/>).
    /// </summary>
    public CorrectionResult ApplySourceCorrection(SourceCorrection correction, bool countAsCorrection,
        ClockStatus status = ClockStatus.Synchronized)
    {
        ArgumentNullException.ThrowIfNull(correction);
        if (correction.Problem() is { } problem) throw new ArgumentException(problem, nameof(correction));
        lock (_gate)
        {
            var old = _snapshot;
            if (!ReferenceEquals(old.Source, correction.Source))
                throw new ArgumentException($"correction was measured on {correction.Source.Name}, the clock now reads {old.Source.Name}", nameof(correction));
            long raw = ReadRaw(old.Source);
            long value = old.ValueAt(raw);
            double elapsed = Math.Max(0, (double)(raw - correction.AtRaw));
            long widening = SaturatingAdd((long)Math.Ceiling(elapsed * correction.SourceDriftPpm * PartsPerMillion), _settings.ReadNoiseNanos);
            var measured = new NanoInterval(
                new NanoMoment(raw).AddSaturating(correction.OffsetLowNanos).AddSaturating(-widening),
                new NanoMoment(raw).AddSaturating(correction.OffsetHighNanos).AddSaturating(widening));
            double maxFrequencyPpb = _settings.MaxFrequencyPpm * PpbPerPpm;
            double frequency = Math.Clamp(correction.FrequencyPpb ?? old.FrequencyPpb, -maxFrequencyPpb, maxFrequencyPpb);
            var claimed = old.IntervalAt(raw);
            var interval = Intersect(claimed, measured, out bool contradicted);
            if (correction.EstimateNanos is { } estimate)
                interval = AroundPreferred(interval, contradicted ? NanoInterval.Unbounded : claimed,
                    new NanoMoment(raw).AddSaturating(estimate));
            // A measurement saturated at the ends of the range has no midpoint: the clock's own value stands in.
            var result = Rebase(old.Source, raw, value, interval,
                measured.Midpoint ?? new NanoMoment(value), frequency, status,
                countAsCorrection ? new NanoMoment(value) : old.LastCorrection, old.CorrectionCount + (countAsCorrection ? 1 : 0));
            result = result with { ContradictedPreviousInterval = contradicted };
            Volatile.Write(ref _snapshot, result.Snapshot);
            return result;
        }
    }

    /// <summary>
    /// Says from now on what a monitored source reports about itself when it no longer vouches for its readings (a time
    /// card whose holdover became useless, a PHC whose ptp4l lost its grandmaster for good): the interval keeps widening
    /// honestly from the last anchor, but the clock no longer claims to be synchronized or holding over.
    /// </summary>
    public void ReportSourceStatus(ClockStatus status)
    {
        lock (_gate)
        {
            if (_snapshot.Status != status) Volatile.Write(ref _snapshot, _snapshot with { Status = status });
        }
    }

    /// <summary>
    /// Switches to another source (the clock actor's fallback when a device fails), keeping the clock value continuous.
    /// The frequency correction is dropped (it belonged to the old oscillator); <paramref name="status"/> is reported
    /// unless the new source cannot bound its error, which makes the clock unsynchronized.
    /// </summary>
    public CorrectionResult ReplaceSource(IClockSource source, ClockStatus status)
    {
        ArgumentNullException.ThrowIfNull(source);
        var reading = source.Read();
        lock (_gate)
        {
            var old = _snapshot;
            long value;
            NanoInterval previous;
            if (TryReadRaw(old.Source, out long oldRaw))
            {
                value = old.ValueAt(oldRaw);
                previous = old.IntervalAt(oldRaw);
            }
            else
            {
                value = Math.Max(_valueHighWater, reading.Time.UnixNanoseconds);
                previous = NanoInterval.Unbounded;
            }
            long raw = reading.Time.UnixNanoseconds;
            _rawHighWater = raw;
            var interval = Intersect(previous, SourceInterval(reading), out bool contradicted);
            var effective = interval.IsBounded ? status : ClockStatus.Unsynchronized;
            var result = Rebase(source, raw, value, interval, reading.Time, 0, effective, old.LastCorrection, old.CorrectionCount);
            result = result with { ContradictedPreviousInterval = contradicted };
            Volatile.Write(ref _snapshot, result.Snapshot);
            return result;
        }
    }

    private CorrectionResult Rebase(IClockSource source, long raw, long value, NanoInterval interval, NanoMoment estimate,
        double frequencyPpb, ClockStatus status, NanoMoment? lastCorrection, long count)
    {
        long? earliest = null;
        NanoMoment target = estimate;
        if (interval.IsBounded)
        {
            long width = interval.Latest - interval.Earliest;
            target = interval.Earliest.AddNanoseconds(width - width / 2);
        }
        long phase = target.UnixNanoseconds - value;
        bool step = phase > _settings.StepThresholdNanos;
        long baseValue = step ? target.UnixNanoseconds : value;
        long pending = step ? 0 : phase;
        if (interval.IsBounded)
            earliest = Math.Min(interval.Earliest.UnixNanoseconds, 2 * baseValue - interval.Latest.UnixNanoseconds);
        var snapshot = new DisciplineSnapshot
        {
            Source = source,
            BaseRaw = raw,
            BaseValue = baseValue,
            EarliestAtBase = earliest,
            FrequencyPpb = frequencyPpb,
            PendingPhaseNanos = pending,
            SlewPpm = _settings.MaxSlewPpm,
            MaxDriftPpm = _settings.MaxDriftPpm,
            Status = status,
            LastCorrection = lastCorrection,
            CorrectionCount = count,
        };
        return new CorrectionResult(phase, step, false, snapshot);
    }

    /// <summary>
    /// The smallest interval symmetric about a point as near <paramref name="preferred"/> as allowed that still covers
    /// <paramref name="measured"/> (so it stays honest) and stays inside <paramref name="claimed"/> (so the earliest bound
    /// never goes back). The point is clamped to the range where both hold, which always contains the measured midpoint.
    /// </summary>
    private static NanoInterval AroundPreferred(NanoInterval measured, NanoInterval claimed, NanoMoment preferred)
    {
        if (!measured.IsBounded) return measured;
        long low = measured.Earliest.UnixNanoseconds;
        long high = measured.Latest.UnixNanoseconds;
        long lowest = low, highest = high;
        if (claimed.IsBounded)
        {
            // Symmetric about t and covering [low, high]: [2t − high, high] for t below the middle, [low, 2t − low] above.
            lowest = Math.Max(low, Midway(high, claimed.Earliest.UnixNanoseconds, roundUp: true));
            highest = Math.Min(high, Midway(low, claimed.Latest.UnixNanoseconds, roundUp: false));
        }
        long middle = Midway(low, high, roundUp: true);
        lowest = Math.Min(lowest, middle);
        highest = Math.Max(highest, middle);
        long target = Math.Clamp(preferred.UnixNanoseconds, lowest, highest);
        long halfWidth = Math.Max(target - low, high - target);
        return new NanoInterval(new NanoMoment(target - halfWidth), new NanoMoment(target + halfWidth));
    }

    private static long Midway(long a, long b, bool roundUp)
    {
        long sum = (a >> 1) + (b >> 1);
        long odd = (a & 1) + (b & 1);
        return sum + (roundUp ? (odd + 1) / 2 : odd / 2);
    }

    private NanoInterval SourceInterval(ClockReading reading) => reading.IsBounded
        ? NanoInterval.Around(reading.Time, SaturatingAdd(reading.ErrorBoundNanos, _settings.ReadNoiseNanos))
        : NanoInterval.Unbounded;

    private static NanoInterval Intersect(NanoInterval claimed, NanoInterval measured, out bool contradicted)
    {
        contradicted = false;
        if (!claimed.IsBounded) return measured;
        if (!measured.IsBounded) return claimed;
        var low = NanoMoment.Max(claimed.Earliest, measured.Earliest);
        var high = NanoMoment.Min(claimed.Latest, measured.Latest);
        if (low <= high) return new NanoInterval(low, high);
        contradicted = true;
        return measured;
    }

    private long ReadRaw(IClockSource source)
    {
        long raw = Math.Max(source.Read().Time.UnixNanoseconds, _rawHighWater);
        _rawHighWater = raw;
        return raw;
    }

    private bool TryReadRaw(IClockSource source, out long raw)
    {
        try
        {
            raw = ReadRaw(source);
            return true;
        }
        catch (ClockUnavailableException)
        {
            raw = 0;
            return false;
        }
    }

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue - a ? long.MaxValue : a + b;
}
