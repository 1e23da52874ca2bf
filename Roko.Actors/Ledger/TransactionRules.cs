using System.Globalization;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Ledger;

/// <summary>
/// The rule book for one transaction (docs/protocol.md §Temporal rules): one method a rule, each returning why the
/// transaction is refused, or null. Each stage calls the rules it applies: admission (<c>MempoolFront</c>, the shards'
/// <c>TemporalPool</c>), <see cref="BlockAssembly"/> and <see cref="LedgerTransition"/>. Pure and deterministic.
/// <list type="bullet">
/// <item>Stateless: <see cref="Chain"/>, <see cref="Signature"/>.</item>
/// <item>Temporal: <see cref="Window"/> (node clock and staleness), <see cref="Slice"/>, <see cref="Slot"/> and
/// <see cref="Order"/>, <see cref="MaxAge"/> and its admission form <see cref="MaxAgeForNextBlock"/>.</item>
/// <item>Stateful: <see cref="Execution"/> (the ledger's, <see cref="TransactionExecution.Check"/>). Spends still
/// pending in the mempool are reserved by the mempool front, not here.</item>
/// </list>
/// </summary>
public static class TransactionRules
{
    // ---- Stateless ----

    /// <summary>The transaction is for the chain <paramref name="chainId"/>.</summary>
    public static LedgerError? Chain(Transaction tx, string chainId) =>
        tx.ChainId == chainId
            ? null
            : new(LedgerErrorCode.TransactionWrongChain, $"chain '{tx.ChainId}', this chain is '{chainId}'");

    /// <summary>The signature verifies for the signer.</summary>
    public static LedgerError? Signature(Transaction tx, ISignatureVerifier signatures) =>
        signatures.Verify(tx)
            ? null
            : new(LedgerErrorCode.BadSignature, $"signature of {tx.Id.Short} does not verify for signer {tx.Signer.Bytes.Short}");

    // ---- Temporal ----

    /// <summary>
    /// The node-local validity window (<see cref="TemporalRules"/>): not at or before the sealed cutoff (stale, the slice
    /// is closed), not older than now's earliest bound minus window-past (expired), not later than now's latest bound
    /// plus window-future.
    /// </summary>
    public static LedgerError? Window(TemporalRules window, Transaction tx, NanoInterval now, NanoMoment lastSealedCutoff) =>
        window.Check(tx.Timestamp, now, lastSealedCutoff) switch
        {
            TemporalVerdict.Stale => Sealed(tx, lastSealedCutoff),
            TemporalVerdict.Expired => new(LedgerErrorCode.TransactionExpired,
                $"signed at {tx.Timestamp}, older than the validity window: now is {now}, window-past {Span(window.WindowPastNanos)}"),
            TemporalVerdict.TooFarInFuture => new(LedgerErrorCode.TransactionTooFarInFuture,
                $"signed at {tx.Timestamp}, beyond now {now} plus the future window {Span(window.WindowFutureNanos)}"),
            _ => null,
        };

    /// <summary>Inside the block's slice (<paramref name="lastSealedCutoff"/>, <paramref name="cutoff"/>].</summary>
    public static LedgerError? Slice(Transaction tx, NanoMoment lastSealedCutoff, NanoMoment cutoff)
    {
        if (tx.Timestamp <= lastSealedCutoff) return Sealed(tx, lastSealedCutoff);
        return tx.Timestamp > cutoff
            ? new(LedgerErrorCode.TransactionOutsideSlice, $"signed at {tx.Timestamp}, after the block's cutoff {cutoff}")
            : null;
    }

    /// <summary>One transaction per nanosecond: <paramref name="holder"/> is the one already holding the slot, if any.</summary>
    public static LedgerError? Slot(Transaction tx, Transaction? holder) =>
        holder is not null && holder.Timestamp == tx.Timestamp
            ? new(LedgerErrorCode.SlotTaken, $"slot taken: nanosecond {tx.Timestamp} is held by transaction {holder.Id.Short}")
            : null;

    /// <summary>In a block, each transaction is strictly after <paramref name="previous"/>: a repeat of its nanosecond is
    /// <see cref="Slot"/>'s, an earlier one is out of order.</summary>
    public static LedgerError? Order(Transaction tx, Transaction? previous)
    {
        if (previous is null) return null;
        if (Slot(tx, previous) is { } taken) return taken;
        return tx.Timestamp < previous.Timestamp
            ? new(LedgerErrorCode.TransactionOutOfOrder,
                $"signed at {tx.Timestamp}, before the transaction ahead of it ({previous.Timestamp}): not in timestamp order")
            : null;
    }

    /// <summary>Signed no more than the chain's tx_max_age_ns before the block time.</summary>
    public static LedgerError? MaxAge(Transaction tx, NanoMoment blockTime, ChainParameters parameters) =>
        TooOld(tx, blockTime, parameters, $"block time {blockTime}");

    /// <summary>
    /// <see cref="MaxAge"/> at admission, for the earliest block time the next block can have: after the tip's block time
    /// (a block's time must advance) and not before now's earliest bound (a block not yet proposed is timed by a clock
    /// reading from now on). A transaction refused here can enter no block, whatever node-local window admitted it.
    /// Only what is certain is refused: predicting how much later the next block will be needs the consensus settings
    /// and round timing; a transaction that ages past the bound before its block is left out by assembly with
    /// <see cref="MaxAge"/>'s reason, which its submitter is told.
    /// </summary>
    public static LedgerError? MaxAgeForNextBlock(Transaction tx, NanoInterval now, LedgerState tip)
    {
        var earliest = tip.LastBlockTime.AddSaturating(1);
        if (now.IsBounded) earliest = NanoMoment.Max(earliest, now.Earliest);
        return TooOld(tx, earliest, tip.Parameters, $"the earliest time the next block can have, {earliest}");
    }

    private static LedgerError? TooOld(Transaction tx, NanoMoment blockTime, ChainParameters parameters, string blockTimeIs)
    {
        var oldest = blockTime.AddSaturating(-parameters.TransactionMaxAgeNanos);
        return tx.Timestamp < oldest
            ? new(LedgerErrorCode.TransactionTooOld,
                $"signed at {tx.Timestamp}, before {oldest}: more than tx_max_age_ns ({Span(parameters.TransactionMaxAgeNanos)}) before {blockTimeIs}")
            : null;
    }

    // ---- Stateful ----

    /// <summary>The ledger's rules for the transaction's effect on <paramref name="state"/> (<see cref="TransactionExecution.Check"/>).</summary>
    public static LedgerError? Execution(LedgerState state, Transaction tx) => TransactionExecution.Check(state, tx);

    private static LedgerError Sealed(Transaction tx, NanoMoment lastSealedCutoff) =>
        new(LedgerErrorCode.TransactionOutsideSlice, $"signed at {tx.Timestamp}, at or before the sealed cutoff {lastSealedCutoff}");

    private static string Span(long nanos) =>
        (nanos / (double)NanoMoment.NanosPerSecond).ToString("0.#########", CultureInfo.InvariantCulture) + " s";
}
