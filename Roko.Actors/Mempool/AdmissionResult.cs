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
}

/// <summary>The outcome of one admission: accepted, or the first rule that refused it and why.</summary>
public readonly record struct AdmissionResult(AdmissionCode Code, string Reason)
{
    public static AdmissionResult Accepted { get; } = new(AdmissionCode.Accepted, "accepted");
    public bool IsAccepted => Code == AdmissionCode.Accepted;
    public override string ToString() => IsAccepted ? "accepted" : $"{Code}: {Reason}";
}
