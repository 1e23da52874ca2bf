using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Ledger;

public enum TemporalVerdict
{
    Valid,
    /// <summary>Signed longer ago than the validity window allows.</summary>
    Expired,
    /// <summary>Signed later than the node's latest possible now plus the allowed future window.</summary>
    TooFarInFuture,
    /// <summary>At or before the last sealed cutoff: its time slice is closed.</summary>
    Stale,
}

/// <summary>
/// The ordering rules by signing time (docs/protocol.md §Temporal rules). A transaction is judged against the node's
/// clock interval [earliest, latest]: it is expired when older than earliest − window-past, too far in the future
/// when later than latest + window-future, and stale when at or before the last sealed cutoff.
/// </summary>
public sealed record TemporalRules(long WindowPastNanos, long WindowFutureNanos)
{
    public TemporalVerdict Check(NanoMoment timestamp, NanoInterval now, NanoMoment lastSealedCutoff)
    {
        if (timestamp <= lastSealedCutoff) return TemporalVerdict.Stale;
        if (now.IsBounded && timestamp < now.Earliest.AddSaturating(-WindowPastNanos)) return TemporalVerdict.Expired;
        if (now.IsBounded && timestamp > now.Latest.AddSaturating(WindowFutureNanos)) return TemporalVerdict.TooFarInFuture;
        return TemporalVerdict.Valid;
    }

    /// <summary>True when the transaction can no longer enter any block and can be evicted.</summary>
    public bool IsExpired(NanoMoment timestamp, NanoInterval now) =>
        now.IsBounded && timestamp < now.Earliest.AddSaturating(-WindowPastNanos);

    /// <summary>The cutoff a proposal made at <paramref name="proposalTime"/> seals: earliest − inclusion delay.</summary>
    public static NanoMoment CutoffFor(NanoInterval proposalTime, long inclusionDelayNanos) =>
        proposalTime.Earliest.AddSaturating(-inclusionDelayNanos);
}
