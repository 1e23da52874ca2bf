using Roko.Actors.Ledger;

namespace Roko.Actors.Mempool;

public enum AdmissionCode
{
    Accepted,
    Malformed,
    WrongChain,
    ClockUnsynchronized,
    Expired,
    TooFarInFuture,
    Stale,
    Replay,
    SlotTaken,
    PoolFull,
    SenderLimit,
    BadSignature,
    ZeroAmount,
    InsufficientBalance,
    NoStake,
    InsufficientStake,
    /// <summary>A stake that would leave the signer below the chain's minimum validator stake (also a partial unstake).</summary>
    BelowMinimumStake,
    /// <summary>An unstake before the stake's lock ends.</summary>
    StakeLocked,
    /// <summary>A stake by a key slashed for double signing.</summary>
    Tombstoned,
    /// <summary>A stake naming a region the chain does not know.</summary>
    UnknownRegion,
    /// <summary>An amount whose sum with a balance or stake overflows.</summary>
    AmountOverflow,
    /// <summary>Evidence of double signing that does not prove it (the reason names the ledger's rule).</summary>
    InvalidEvidence,
    /// <summary>Admitted, then left out of the block that sealed its slice (the reason says which ledger rule).</summary>
    ExcludedFromBlock,
    /// <summary>
    /// Admitted (or on its way to a shard) when the mempool failed and was restarted: this node's pending transactions are
    /// gone. Another validator holding it (gossip) may still include it, and its status then turns finalized.
    /// </summary>
    MempoolRestarted,
    /// <summary>
    /// Refused at the door, unchecked: the node is too busy to take new transactions from clients now (its dispatcher runs
    /// late, <see cref="AdmissionLoad"/>). Nothing was verified or stored; submit it again after the retry time. Distinct from
    /// the guard's per-client rate limit (HTTP 429): this is the node's own capacity.
    /// </summary>
    Busy,
}

/// <summary>The outcome of one admission: accepted, or the first rule that refused it and why.</summary>
public readonly record struct AdmissionResult(AdmissionCode Code, string Reason)
{
    public static AdmissionResult Accepted { get; } = new(AdmissionCode.Accepted, "accepted");
    public bool IsAccepted => Code == AdmissionCode.Accepted;
    public override string ToString() => IsAccepted ? "accepted" : $"{Code}: {Reason}";

    /// <summary>
    /// A refusal by a rule of the transaction rule book (<see cref="TransactionRules"/>, the ledger's own included), named by
    /// the admission code a client sees; a ledger code with no admission counterpart of its own is Malformed (an unsupported
    /// kind). Staleness is the slice rule at admission; the chain's maximum age counts as expiry.
    /// </summary>
    public static AdmissionResult RefusedByLedger(LedgerError error)
    {
        var code = error.Code switch
        {
            LedgerErrorCode.TransactionWrongChain => AdmissionCode.WrongChain,
            LedgerErrorCode.BadSignature => AdmissionCode.BadSignature,
            LedgerErrorCode.TransactionOutsideSlice => AdmissionCode.Stale,
            LedgerErrorCode.TransactionExpired or LedgerErrorCode.TransactionTooOld => AdmissionCode.Expired,
            LedgerErrorCode.TransactionTooFarInFuture => AdmissionCode.TooFarInFuture,
            LedgerErrorCode.SlotTaken => AdmissionCode.SlotTaken,
            LedgerErrorCode.ZeroAmount => AdmissionCode.ZeroAmount,
            LedgerErrorCode.InsufficientBalance => AdmissionCode.InsufficientBalance,
            LedgerErrorCode.NoStake => AdmissionCode.NoStake,
            LedgerErrorCode.InsufficientStake => AdmissionCode.InsufficientStake,
            LedgerErrorCode.BelowMinimumStake => AdmissionCode.BelowMinimumStake,
            LedgerErrorCode.StakeLocked => AdmissionCode.StakeLocked,
            LedgerErrorCode.Tombstoned => AdmissionCode.Tombstoned,
            LedgerErrorCode.UnknownRegion => AdmissionCode.UnknownRegion,
            LedgerErrorCode.AmountOverflow => AdmissionCode.AmountOverflow,
            LedgerErrorCode.EvidenceMismatchedVotes or LedgerErrorCode.EvidenceNotConflicting or LedgerErrorCode.EvidenceWrongChain
                or LedgerErrorCode.EvidenceFromTheFuture or LedgerErrorCode.EvidenceTooOld or LedgerErrorCode.EvidenceNotAValidator
                or LedgerErrorCode.EvidenceAlreadyPunished or LedgerErrorCode.EvidenceBadSignature => AdmissionCode.InvalidEvidence,
            _ => AdmissionCode.Malformed,
        };
        // Where several ledger codes share one admission code, the reason keeps the ledger's.
        return new(code, code is AdmissionCode.InvalidEvidence or AdmissionCode.Malformed ? $"{error.Code}: {error.Message}" : error.Message);
    }

    /// <summary>Null when the rule passed (<paramref name="error"/> is null), otherwise <see cref="RefusedByLedger"/>.</summary>
    public static AdmissionResult? Refusing(LedgerError? error) => error is null ? null : RefusedByLedger(error);
}
