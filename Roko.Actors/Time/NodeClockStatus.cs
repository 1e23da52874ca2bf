using Roko.Actors.Hardware.Clocks;

namespace Roko.Actors.Time;

/// <summary>
/// The node clock as its operator sees it: which source it reads, whether that is a time card (PHC), whether it is
/// synchronized, its honest half-width (<see cref="long.MaxValue"/> when unbounded), whether the node currently runs on
/// roko.clock.assumed-uncertainty instead, and how many corrections time sync has applied.
/// </summary>
public sealed record NodeClockStatus(
    string SourceName,
    bool TimeCard,
    ClockStatus Status,
    long HalfWidthNanos,
    bool Assumed,
    long Corrections)
{
    public bool IsBounded => HalfWidthNanos != long.MaxValue;

    /// <summary>Synchronized on a time card.</summary>
    public bool IsSynchronizedTimeCard => TimeCard && Status == ClockStatus.Synchronized && IsBounded;

    /// <summary>
    /// On a time card that is synchronized, or holding over with a bound that still holds: what
    /// roko.validator.require-time-card asks of a validator. How wide a bound may be before the validator stops signing is
    /// the clock-error-beyond-precision alert's to say (roko.alerting.rules), not this gate's.
    /// </summary>
    public bool IsTimeCardInService => TimeCard && Status is (ClockStatus.Synchronized or ClockStatus.Holdover) && IsBounded;

    public override string ToString() =>
        $"{SourceName}{(TimeCard ? " [time card]" : "")}: {Status}, " +
        (IsBounded ? $"±{HalfWidthNanos} ns" : Assumed ? "UNBOUNDED (running on roko.clock.assumed-uncertainty)" : "UNBOUNDED") +
        $", {Corrections} correction(s)";
}
