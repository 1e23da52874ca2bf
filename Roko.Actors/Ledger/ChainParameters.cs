using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// Consensus-critical rules fixed in genesis, so every node applies the same ones whatever its local HOCON says.
/// Defaults for new genesis files come from HOCON <c>roko.genesis</c>.
/// </summary>
public sealed record ChainParameters(
    Amount MinValidatorStake,
    long StakeLockNanos,
    long TransactionMaxAgeNanos,
    int MaxTransactionsPerBlock,
    int MaxBlockBytes)
{
    public void WriteTo(CanonicalWriter writer) => writer
        .WriteAmount(MinValidatorStake)
        .WriteI64(StakeLockNanos)
        .WriteI64(TransactionMaxAgeNanos)
        .WriteU32((uint)MaxTransactionsPerBlock)
        .WriteU32((uint)MaxBlockBytes);

    public static ChainParameters ReadFrom(ref CanonicalReader reader)
    {
        var p = new ChainParameters(
            reader.ReadAmount("params.min_validator_stake"),
            reader.ReadI64("params.stake_lock_ns"),
            reader.ReadI64("params.tx_max_age_ns"),
            checked((int)reader.ReadU32("params.max_txs_per_block")),
            checked((int)reader.ReadU32("params.max_block_bytes")));
        var problem = p.Validate();
        if (problem is not null) throw new CanonicalDecodingException("params", problem);
        return p;
    }

    /// <summary>Null when the parameters are usable, otherwise which one is wrong and why.</summary>
    public string? Validate()
    {
        if (StakeLockNanos < 0) return "stake_lock_ns must be >= 0";
        if (TransactionMaxAgeNanos <= 0) return "tx_max_age_ns must be > 0";
        if (MaxTransactionsPerBlock <= 0) return "max_txs_per_block must be > 0";
        if (MaxBlockBytes < Block.MinimumSize) return $"max_block_bytes must be >= {Block.MinimumSize}";
        return null;
    }
}
