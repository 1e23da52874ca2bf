namespace Roko.Actors.Time;

/// <summary>
/// Whether a validator may propose and vote with the clock it has. A validator whose clock interval is unbounded cannot
/// judge proposal timeliness or stamp its votes, so it never takes part; with <c>roko.validator.require-time-card</c>
/// it must also read a PTP hardware clock (time card) that is synchronized or holding over within its bound.
/// </summary>
public static class TimeCardGate
{
    /// <summary>Why the validator must stay out, or null when it may take part.</summary>
    public static string? Refusal(bool requireTimeCard, NodeClockStatus clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (requireTimeCard && !clock.IsTimeCardInService)
            return $"roko.validator.require-time-card is on and the clock is not a synchronized time card, nor one holding over ({clock})";
        if (!clock.IsBounded && !clock.Assumed)
            return $"the clock is unsynchronized and its error unbounded ({clock})";
        return null;
    }
}
