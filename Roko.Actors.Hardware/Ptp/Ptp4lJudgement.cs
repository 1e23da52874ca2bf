using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// What the node makes of ptp4l's state: the status and error bound of the clock ptp4l disciplines, why, and what was
/// last seen. <see cref="LastLocked"/> is when the clock was last a synchronized slave (or grandmaster) and
/// <see cref="LockedBoundNanos"/> its bound then: holdover grows from there.
/// </summary>
public sealed record Ptp4lJudgement(
    ClockStatus Status,
    HoldoverBound Bound,
    string Reason,
    Ptp4lObservation? Seen,
    NanoMoment? LastLocked,
    long LockedBoundNanos)
{
    public static Ptp4lJudgement NotYetAsked { get; } =
        new(ClockStatus.Unsynchronized, new HoldoverBound(ClockReading.UnboundedError, null, 0, 0), "ptp4l not asked yet", null, null, 0);

    public long BoundAt(NanoMoment now) => Status == ClockStatus.Unsynchronized ? ClockReading.UnboundedError : Bound.At(now);

    public ClockStatus StatusAt(NanoMoment now) => BoundAt(now) == ClockReading.UnboundedError ? ClockStatus.Unsynchronized : Status;

    public override string ToString() => $"{Status}: {Reason}";
}
