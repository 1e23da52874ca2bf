using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;

namespace Roko.Actors.Mempool;

/// <summary>The validity-window and staleness rule of admission, shared by the front and the shards' pools.</summary>
public static class TemporalAdmission
{
    public static AdmissionResult? Check(TemporalRules rules, Transaction tx, NanoInterval now, NanoMoment lastSealedCutoff) =>
        rules.Check(tx.Timestamp, now, lastSealedCutoff) switch
        {
            TemporalVerdict.Stale => new(AdmissionCode.Stale, $"signed at {tx.Timestamp}, at or before the sealed cutoff {lastSealedCutoff}"),
            TemporalVerdict.Expired => new(AdmissionCode.Expired, $"signed at {tx.Timestamp}, older than the validity window (now is {now})"),
            TemporalVerdict.TooFarInFuture => new(AdmissionCode.TooFarInFuture, $"signed at {tx.Timestamp}, beyond now {now} plus the future window"),
            _ => null,
        };
}
