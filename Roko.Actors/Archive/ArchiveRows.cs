using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Archive;

/// <summary>One committed block in the read model; <see cref="FinalizedAt"/> comes from its commit certificate (see <see cref="TemporalProof"/>).</summary>
public sealed record BlockRow(ulong Height, Hash32 Hash, Hash32 PreviousHash, NanoMoment Cutoff, NanoMoment BlockTime, PublicKey Proposer,
    Hash32 TransactionRoot, Hash32 StateRoot, Hash32 ValidatorSetHash, uint Round, int TransactionCount, NanoMoment FinalizedAt, byte[] Encoded);

/// <summary>A transaction at <see cref="Position"/> (0-based) in block <see cref="Height"/>; <see cref="Recipient"/> only for transfers.</summary>
public sealed record TransactionRow(Hash32 Id, ulong Height, int Position, NanoMoment Timestamp, Address Sender, TransactionKind Kind,
    Address? Recipient, Amount Amount);

/// <summary>How block <see cref="Height"/> changed one account: its balance and the stake of the key behind it (0 = genesis).</summary>
public sealed record AccountChangeRow(Address Address, ulong Height, Amount BalanceBefore, Amount BalanceAfter, Amount StakeBefore, Amount StakeAfter);

/// <summary>One precommit of a block's commit certificate: the signer, its stake at that height and its clock interval at signing.</summary>
public sealed record CommitSignatureRow(ulong Height, PublicKey Validator, Amount Stake, NanoInterval Clock);

public sealed record ValidatorRow(PublicKey Key, Amount Stake, string Region);

/// <summary>The validator set that signs blocks from <see cref="FromHeight"/> on (until the next row).</summary>
public sealed record ValidatorSetRow(ulong FromHeight, Hash32 Hash, ImmutableArray<ValidatorRow> Members);

/// <summary>Everything one committed block adds to the read model, and the ledger state after it (the projection's resume point).</summary>
public sealed record BlockProjection(
    BlockRow? Block,
    ImmutableArray<TransactionRow> Transactions,
    ImmutableArray<AccountChangeRow> AccountChanges,
    ImmutableArray<CommitSignatureRow> Signatures,
    ValidatorSetRow? NextValidators,
    LedgerState After)
{
    /// <summary>Height this projection brings the read model to (0 for genesis).</summary>
    public ulong Height => After.Height;
}
