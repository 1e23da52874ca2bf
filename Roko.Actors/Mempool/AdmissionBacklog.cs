using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;

namespace Roko.Actors.Mempool;

/// <summary>
/// The second half of admission control, beside the dispatcher's lateness (<see cref="AdmissionLoad"/>): whether
/// transactions already taken are waiting too long to reach a block. Two signs, both in the unit that decides whether an
/// acknowledged transaction will be lost — time since signing against the slice it belongs to:
/// <list type="bullet">
/// <item>this node's own: the earliest transaction still waiting for its signature check is within
/// <see cref="AdmissionSettings.BusyVerifyHeadroom"/> of being sealed out — signed longer ago than inclusion-delay minus
/// that (the verification queue is longer than the node can clear before the slice is sealed; a proposal from here
/// would have to stop its slice before it);</item>
/// <item>the network's: the last committed block sealed its slice more than <see cref="AdmissionSettings.BusySliceLag"/>
/// earlier than inclusion-delay alone puts it (its proposer held back transactions it had not verified or received in
/// time). A node that takes clients' transactions for the whole network sees this even when its own queue is short.</item>
/// </list>
/// Either refuses new client transactions as Busy at the door; gossip from peers is still taken. Pure: time is passed in.
/// </summary>
public static class AdmissionBacklog
{
    /// <summary>Why clients' transactions are refused now, or null when neither sign shows.</summary>
    /// <param name="earliestVerifying">Signing time of the earliest transaction still being verified here (null: none).</param>
    /// <param name="tip">The ledger tip: its last block's time and cutoff.</param>
    /// <param name="inclusionDelay">roko.consensus.inclusion-delay: how far behind its block time a slice normally ends.</param>
    public static string? Refusal(AdmissionSettings settings, NanoMoment now, NanoMoment? earliestVerifying, LedgerState tip, TimeSpan inclusionDelay)
    {
        long delay = Nanoseconds.FromTimeSpan(inclusionDelay);
        long verifyLimit = delay - Nanoseconds.FromTimeSpan(settings.BusyVerifyHeadroom);
        if (earliestVerifying is { } earliest && now.UnixNanoseconds - earliest.UnixNanoseconds is var age && age > verifyLimit)
            return $"this node is too busy to take transactions now: the earliest transaction waiting for its signature check here was signed " +
                   $"{Nanoseconds.ToMilliseconds(age):F0} ms ago, within {settings.BusyVerifyHeadroom.TotalMilliseconds:F0} ms " +
                   $"(roko.mempool.admission.busy-verify-headroom) of inclusion-delay {inclusionDelay.TotalMilliseconds:F0} ms; " +
                   $"retry after {settings.RetryAfter.TotalSeconds:F0} s";
        long pulledBack = tip.LastBlockTime.UnixNanoseconds - tip.LastCutoff.UnixNanoseconds - delay;
        if (tip.Height > 0 && pulledBack > Nanoseconds.FromTimeSpan(settings.BusySliceLag))
            return $"the network is too busy to take transactions now: block {tip.Height} sealed its slice {Nanoseconds.ToMilliseconds(pulledBack):F0} ms " +
                   $"earlier than inclusion-delay puts it (roko.mempool.admission.busy-slice-lag = {settings.BusySliceLag.TotalMilliseconds:F0} ms); " +
                   $"retry after {settings.RetryAfter.TotalSeconds:F0} s";
        return null;
    }
}
