namespace Roko.Actors.Sync;

/// <summary>Why a peer's answer to a range request was not used; the peer is skipped for a cooldown.</summary>
public enum SyncRefusalReason
{
    /// <summary>No answer within the request timeout.</summary>
    NoAnswer,
    /// <summary>The answer is not for the range asked (other request, other start, more blocks than asked).</summary>
    WrongRange,
    /// <summary>A block does not decode canonically.</summary>
    Undecodable,
    /// <summary>A block is not at the next height.</summary>
    WrongHeight,
    /// <summary>A block's previous hash is not our tip's hash.</summary>
    BrokenHashLink,
    /// <summary>A block names another validator set than the one of its height.</summary>
    WrongValidatorSet,
    /// <summary>A block's commit certificate does not prove it under the validator set of its height.</summary>
    InvalidCommit,
    /// <summary>The chain store refused the block under the ledger rules (its certificate was valid).</summary>
    LedgerRuleBroken,
    /// <summary>The answer carries no signer or no signature.</summary>
    Unsigned,
    /// <summary>The answer is signed by another key than the peer's handshake proved (or the signer is not a key).</summary>
    WrongSigner,
    /// <summary>The answer's signature does not verify under the peer's key over its content.</summary>
    ForgedSignature,
}

/// <summary>A refused answer: the rule, the height concerned (0 when none) and the specifics.</summary>
public sealed record SyncRefusal(SyncRefusalReason Reason, ulong Height, string Detail)
{
    public override string ToString() => Height == 0 ? $"{Reason}: {Detail}" : $"{Reason} at height {Height}: {Detail}";
}
