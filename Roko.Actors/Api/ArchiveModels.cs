namespace Roko.Actors.Api;

// JSON shapes of the archive's historical query API (GET /archive/...); conventions as in ApiModels.cs. Amounts are
// given twice: as text ("12.5 ROKO") and as base units (decimal string), which is exact for any client.

/// <summary>GET /archive/status: how far the read model is indexed and where the node's chain is.</summary>
public sealed record ArchiveStatusResponse(ulong? IndexedHeight, ulong? ChainHeight, string ReadModel);

/// <summary>One precommit of a block's commit certificate: its signer's stake and clock interval at signing (the temporal proof).</summary>
public sealed record CommitSignatureResponse(string Validator, string Stake, string ClockEarliest, string ClockLatest,
    string ClockEarliestUnixNanos, string ClockLatestUnixNanos);

/// <summary>
/// A block from the read model. <c>finalizedAt</c>: by then signers with more than two thirds of the stake had
/// precommitted (the quorum-completing signer's latest clock edge). <c>signatures</c> only on single-block answers.
/// </summary>
public sealed record ArchiveBlockResponse(BlockResponse Block, string FinalizedAt, string FinalizedAtUnixNanos, string ValidatorSetHash,
    CommitSignatureResponse[]? Signatures = null);

public sealed record ArchiveBlocksResponse(ulong From, ulong To, ArchiveBlockResponse[] Blocks);

/// <summary>An inclusion proof of a transaction id under the block's transaction root (docs/protocol.md §Merkle): siblings bottom first.</summary>
public sealed record MerkleProofResponse(int Index, int LeafCount, string[] Siblings);

public sealed record ArchiveTransactionResponse(string Id, ulong Height, int Position, string BlockHash, string TransactionRoot,
    string Kind, string Sender, string? Recipient, string Amount, string AmountBaseUnits, string Timestamp, string TimestampUnixNanos,
    MerkleProofResponse Proof);

public sealed record AccountChangeResponse(ulong Height, string BalanceBefore, string BalanceAfter, string StakeBefore, string StakeAfter,
    string BalanceAfterBaseUnits, string[] Transactions);

/// <summary>Newest first; pass <c>nextCursor</c> as <c>cursor</c> for the next page (absent on the last page).</summary>
public sealed record AccountHistoryResponse(string Address, AccountChangeResponse[] Changes, string? NextCursor);

/// <summary>The account after block <c>height</c>; <c>changedAt</c> is the last block up to it that changed it (null: never).</summary>
public sealed record AccountStateResponse(string Address, ulong Height, string Balance, string BalanceBaseUnits, string Stake,
    string StakeBaseUnits, ulong? ChangedAt);

public sealed record ValidatorResponse(string Key, string Stake, string Region);

/// <summary>The validators that sign block <c>height</c> (in force since block <c>since</c>).</summary>
public sealed record ValidatorSetResponse(ulong Height, ulong Since, string Hash, string TotalStake, ValidatorResponse[] Validators);

public sealed record ThroughputBucketResponse(string Start, string StartUnixNanos, int Blocks, int Transactions, double TransactionsPerSecond,
    double? TransactionFinalityP50Ms, double? TransactionFinalityP90Ms, double? TransactionFinalityP99Ms,
    double? BlockFinalityP50Ms, double? BlockFinalityP99Ms);

public sealed record AnalyticsResponse(ulong From, ulong To, double BucketSeconds, ThroughputBucketResponse[] Buckets);
