using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// The node's <see cref="IClock"/> (NodeServices.Clock): the disciplined clock that the node's PtpClockActor owns and its
/// TimeSyncSampler corrects. While nothing bounds that clock's error (an unsynchronized system clock before peer sync
/// has corrected it) it is honestly unbounded — the mempool then refuses transactions and the consensus gate keeps the
/// validator out — unless the operator set <c>roko.clock.assumed-uncertainty</c>, in which case the estimate ± that
/// assumption is used and <see cref="Status"/> says it is assumed, not measured.
/// </summary>
public sealed class NodeClock : IClock
{
    public NodeClock(DisciplinedClock clock, ClockSourceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(settings);
        Disciplined = clock;
        Settings = settings;
    }

    public DisciplinedClock Disciplined { get; }

    public ClockSourceSettings Settings { get; }

    /// <summary>Whether the configured source is a PTP hardware clock (or a simulated one standing in for a time card).</summary>
    public bool ConfiguredTimeCard => Settings.IsTimeCard;

    public NanoInterval Now()
    {
        var reading = Disciplined.Read();
        if (reading.Interval.IsBounded) return reading.Interval;
        return Settings.AssumedUncertaintyNanos is { } assumed ? NanoInterval.Around(reading.Estimate, assumed) : NanoInterval.Unbounded;
    }

    public NanoMoment Estimate() => Disciplined.Read().Estimate;

    /// <summary>The honest reading, without the assumed fallback: what time-sync answers to peers are stamped from.</summary>
    public DisciplinedReading Read() => Disciplined.Read();

    /// <summary>What the consensus gate and the node's status report read.</summary>
    public NodeClockStatus Status()
    {
        var reading = Disciplined.Read();
        bool bounded = reading.Interval.IsBounded;
        // A time card counts while the node still reads it: after a device failure the clock actor falls back to the system clock.
        bool onCard = ConfiguredTimeCard && Disciplined.Source is not SystemClockSource;
        return new NodeClockStatus(
            Disciplined.Source.Name,
            onCard,
            bounded ? reading.Status : ClockStatus.Unsynchronized,
            bounded ? reading.Interval.HalfWidthNanos : long.MaxValue,
            !bounded && Settings.AssumedUncertaintyNanos is not null,
            Disciplined.Snapshot.CorrectionCount);
    }
}
