namespace Roko.Actors.Ledger;

public enum LedgerErrorCode
{
    WrongChain,
    WrongHeight,
    WrongPreviousHash,
    CutoffNotAdvancing,
    BlockTimeInvalid,
    WrongValidatorSet,
    UnknownProposer,
    TooManyTransactions,
    BlockTooLarge,
    TransactionRootMismatch,
    StateRootMismatch,
    InvalidCommit,
    TransactionWrongChain,
    TransactionOutsideSlice,
    TransactionOutOfOrder,
    SlotTaken,
    TransactionTooOld,
    BadSignature,
    ZeroAmount,
    InsufficientBalance,
    BelowMinimumStake,
    StakeLocked,
    NoStake,
    AmountOverflow,
    UnknownRegion,
    UnsupportedKind,
    /// <summary>The key was slashed for double signing and may not stake again.</summary>
    Tombstoned,
    /// <summary>Evidence votes differ in validator, type, chain, height or round.</summary>
    EvidenceMismatchedVotes,
    /// <summary>Evidence votes name the same block (or are not in canonical order): nothing conflicts.</summary>
    EvidenceNotConflicting,
    EvidenceWrongChain,
    /// <summary>Evidence names a height after the block that includes it.</summary>
    EvidenceFromTheFuture,
    /// <summary>Evidence is older than evidence_max_age_heights.</summary>
    EvidenceTooOld,
    /// <summary>The signer was not in the validator set of the height the votes are for.</summary>
    EvidenceNotAValidator,
    /// <summary>The signer was already slashed (tombstoned) for double signing.</summary>
    EvidenceAlreadyPunished,
    /// <summary>One of the two vote signatures does not verify.</summary>
    EvidenceBadSignature,
    /// <summary>An unstake of more than the signer has staked.</summary>
    InsufficientStake,
    /// <summary>Admission only (a node's clock): signed longer ago than the node's validity window allows.</summary>
    TransactionExpired,
    /// <summary>Admission only (a node's clock): signed later than the node's latest now plus its future window.</summary>
    TransactionTooFarInFuture,
}

/// <summary>Why a block or a transaction cannot be applied; <see cref="TransactionIndex"/> points into the block when a transaction is at fault.</summary>
public sealed record LedgerError(LedgerErrorCode Code, string Message, int? TransactionIndex = null)
{
    public override string ToString() =>
        TransactionIndex is { } i ? $"{Code} (transaction {i}): {Message}" : $"{Code}: {Message}";
}
