using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Monitoring;

/// <summary>
/// Where one rule's alert is: <c>inactive</c> (never fired, or pending that did not last), <c>pending</c> (the
/// condition holds, <c>for</c> has not yet passed), <c>firing</c>, <c>resolved</c> (fired, then recovered; it
/// behaves as inactive for the next evaluation).
/// </summary>
public enum AlertPhase
{
    Inactive,
    Pending,
    Firing,
    Resolved,
}

/// <summary>
/// One rule's alert. <see cref="ActiveSince"/> is when the condition started to hold (Alertmanager's
/// <c>startsAt</c>), <see cref="FiredAt"/> when <c>for</c> had passed, <see cref="ResolvedAt"/> when the value
/// recovered (<c>endsAt</c>); <see cref="Value"/> is the latest value evaluated. These are node-clock stamps;
/// <see cref="PendingSince"/> is the same start on the monotonic source that <c>for</c> is measured on.
/// </summary>
public sealed record AlertState(
    string RuleName,
    AlertPhase Phase,
    double? Value,
    NanoMoment? ActiveSince,
    NanoMoment? FiredAt,
    NanoMoment? ResolvedAt)
{
    /// <summary>When the condition started to hold, as <see cref="AlertTime.Monotonic"/>; null while it does not.</summary>
    public TimeSpan? PendingSince { get; init; }

    public static AlertState Inactive(string ruleName) => new(ruleName, AlertPhase.Inactive, null, null, null, null);

    public bool IsActive => Phase is AlertPhase.Pending or AlertPhase.Firing;
}

/// <summary>One alert changing phase in an evaluation.</summary>
public sealed record AlertTransition(AlertRule Rule, AlertPhase From, AlertState To)
{
    public bool Fired => To.Phase == AlertPhase.Firing;
    public bool Resolved => To.Phase == AlertPhase.Resolved;
}
