using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>
/// Consensus-critical rules fixed in genesis, so every node applies the same ones whatever its local HOCON says.
/// Defaults for new genesis files come from HOCON <c>roko.genesis</c>.
/// </summary>
/// <param name="UnbondingNanos">After an unstake (allowed only once the lock has passed) the amount is held this long,
/// neither votable nor spendable, so evidence of earlier misbehaviour can still slash it (docs/consensus.md §Staking).</param>
/// <param name="SlashFractionPpm">Share of a double signer's stake burnt when the evidence is committed, in parts per million.</param>
/// <param name="EvidenceMaxAgeHeights">Evidence of a vote at height e is accepted in block h only while h − e ≤ this.</param>
public sealed record ChainParameters(
    Amount MinValidatorStake,
    long StakeLockNanos,
    long TransactionMaxAgeNanos,
    int MaxTransactionsPerBlock,
    int MaxBlockBytes,
    long UnbondingNanos = ChainParameters.DefaultUnbondingNanos,
    uint SlashFractionPpm = ChainParameters.DefaultSlashFractionPpm,
    ulong EvidenceMaxAgeHeights = ChainParameters.DefaultEvidenceMaxAgeHeights)
{
    /// <summary>21 days, the default of <c>roko.genesis.unbonding-period</c>.</summary>
    public const long DefaultUnbondingNanos = 21L * 24 * 3600 * NanoMoment.NanosPerSecond;
    /// <summary>5 %, the default of <c>roko.genesis.slash-fraction-ppm</c>.</summary>
    public const uint DefaultSlashFractionPpm = 50_000;
    /// <summary>The default of <c>roko.genesis.evidence-max-age-heights</c>.</summary>
    public const ulong DefaultEvidenceMaxAgeHeights = 100_000;
    public const uint PartsPerMillion = 1_000_000;

    public void WriteTo(CanonicalWriter writer) => writer
        .WriteAmount(MinValidatorStake)
        .WriteI64(StakeLockNanos)
        .WriteI64(TransactionMaxAgeNanos)
        .WriteU32((uint)MaxTransactionsPerBlock)
        .WriteU32((uint)MaxBlockBytes)
        .WriteI64(UnbondingNanos)
        .WriteU32(SlashFractionPpm)
        .WriteU64(EvidenceMaxAgeHeights);

    public static ChainParameters ReadFrom(ref CanonicalReader reader)
    {
        var p = new ChainParameters(
            reader.ReadAmount("params.min_validator_stake"),
            reader.ReadI64("params.stake_lock_ns"),
            reader.ReadI64("params.tx_max_age_ns"),
            checked((int)reader.ReadU32("params.max_txs_per_block")),
            checked((int)reader.ReadU32("params.max_block_bytes")),
            reader.ReadI64("params.unbonding_ns"),
            reader.ReadU32("params.slash_fraction_ppm"),
            reader.ReadU64("params.evidence_max_age_heights"));
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
        if (UnbondingNanos < 0) return "unbonding_ns must be >= 0";
        if (SlashFractionPpm > PartsPerMillion) return $"slash_fraction_ppm must be <= {PartsPerMillion}";
        if (EvidenceMaxAgeHeights == 0) return "evidence_max_age_heights must be > 0";
        return null;
    }
}
