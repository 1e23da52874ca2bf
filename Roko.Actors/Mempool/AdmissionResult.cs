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
}
