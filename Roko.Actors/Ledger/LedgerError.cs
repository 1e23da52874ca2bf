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
}

/// <summary>Why a block or a transaction cannot be applied; <see cref="TransactionIndex"/> points into the block when a transaction is at fault.</summary>
public sealed record LedgerError(LedgerErrorCode Code, string Message, int? TransactionIndex = null)
{
    public override string ToString() =>
        TransactionIndex is { } i ? $"{Code} (transaction {i}): {Message}" : $"{Code}: {Message}";
}
