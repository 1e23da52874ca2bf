using System.Collections.Immutable;

namespace Roko.Actors.Ledger;

/// <summary>
/// The pure state transition <c>Apply(state, block)</c>: checks every rule a committed block must meet (links,
/// time slice and order, roots, signatures, commit quorum, balances) and returns the next state or the first
/// violation. Nothing is changed on failure.
/// </summary>
public static class LedgerTransition
{
    public readonly record struct Result(LedgerState? State, LedgerError? Error)
    {
        public bool IsValid => Error is null;
    }

    /// <param name="signatures">Checks transaction signatures; null verifies every one (see <see cref="ISignatureVerifier"/>).</param>
    public static Result Apply(LedgerState state, Block block, ISignatureVerifier? signatures = null)
    {
        var content = ApplyContent(state, block.Header, block.Transactions, block.Encode().Length, signatures);
        if (!content.IsValid) return content;
        if (block.Commit.Verify(block.Header, state.Validators) is { } commitProblem)
            return Error(LedgerErrorCode.InvalidCommit, commitProblem);
        return content;
    }

    /// <summary>
    /// Every rule except the commit certificate: what a validator checks before voting for a proposed block.
    /// <paramref name="encodedSize"/> is the block's encoded size as it will be stored.
    /// </summary>
    public static Result ApplyContent(LedgerState state, BlockHeader h, ImmutableArray<Transaction> transactions, int encodedSize,
        ISignatureVerifier? signatures = null)
    {
        signatures ??= DirectSignatureVerifier.Instance;
        if (CheckHeader(state, h, transactions, encodedSize) is { } headerError) return new Result(null, headerError);

        var current = state;
        var previous = state.LastCutoff;
        Transaction? last = null;
        for (int i = 0; i < transactions.Length; i++)
        {
            var tx = transactions[i];
            if (tx.ChainId != state.ChainId)
                return Error(LedgerErrorCode.TransactionWrongChain, $"chain '{tx.ChainId}', expected '{state.ChainId}'", i);
            if (tx.Timestamp <= previous || tx.Timestamp > h.Cutoff)
                return Error(LedgerErrorCode.TransactionOutsideSlice, $"timestamp {tx.Timestamp} is outside the slice ({previous}, {h.Cutoff}]", i);
            if (last is not null && tx.Timestamp == last.Timestamp)
                return Error(LedgerErrorCode.SlotTaken, $"nanosecond slot {tx.Timestamp} is taken twice", i);
            if (last is not null && tx.Timestamp < last.Timestamp)
                return Error(LedgerErrorCode.TransactionOutOfOrder, "transactions are not in timestamp order", i);
            if (tx.Timestamp < h.BlockTime.AddSaturating(-state.Parameters.TransactionMaxAgeNanos))
                return Error(LedgerErrorCode.TransactionTooOld, $"signed at {tx.Timestamp}, more than the maximum age before block time {h.BlockTime}", i);
            if (!signatures.Verify(tx))
                return Error(LedgerErrorCode.BadSignature, $"signature of {tx.Id.Short} does not verify", i);
            var (next, error) = TransactionExecution.Execute(current, tx);
            if (error is not null) return new Result(null, error with { TransactionIndex = i });
            current = next;
            last = tx;
        }

        if (current.ComputeStateRoot() != h.StateRoot)
            return Error(LedgerErrorCode.StateRootMismatch, $"header state root {h.StateRoot.Short} differs from the computed one");

        return new Result(current with
        {
            Height = h.Height,
            LastBlockHash = h.Hash,
            LastCutoff = h.Cutoff,
            LastBlockTime = h.BlockTime,
        }, null);
    }

    /// <summary>Header rules that do not depend on the transactions' effects.</summary>
    public static LedgerError? CheckHeader(LedgerState state, Block block) =>
        CheckHeader(state, block.Header, block.Transactions, block.Encode().Length);

    private static LedgerError? CheckHeader(LedgerState state, BlockHeader h, ImmutableArray<Transaction> transactions, int size)
    {
        if (h.ChainId != state.ChainId) return new(LedgerErrorCode.WrongChain, $"block is for chain '{h.ChainId}', this chain is '{state.ChainId}'");
        if (h.Height != state.Height + 1) return new(LedgerErrorCode.WrongHeight, $"block height {h.Height}, expected {state.Height + 1}");
        if (h.PreviousHash != state.LastBlockHash)
            return new(LedgerErrorCode.WrongPreviousHash, $"previous hash {h.PreviousHash.Short}, chain tip is {state.LastBlockHash.Short}");
        if (h.Cutoff <= state.LastCutoff) return new(LedgerErrorCode.CutoffNotAdvancing, $"cutoff {h.Cutoff} is not after {state.LastCutoff}");
        if (h.BlockTime < h.Cutoff) return new(LedgerErrorCode.BlockTimeInvalid, $"block time {h.BlockTime} is before its cutoff {h.Cutoff}");
        if (h.BlockTime <= state.LastBlockTime) return new(LedgerErrorCode.BlockTimeInvalid, $"block time {h.BlockTime} is not after {state.LastBlockTime}");
        var validators = state.Validators;
        if (h.ValidatorSetHash != validators.Hash)
            return new(LedgerErrorCode.WrongValidatorSet, $"validator set hash {h.ValidatorSetHash.Short}, expected {validators.Hash.Short}");
        if (!validators.Contains(h.Proposer)) return new(LedgerErrorCode.UnknownProposer, $"proposer {h.Proposer.Bytes.Short} is not a validator");
        if (transactions.Length > state.Parameters.MaxTransactionsPerBlock)
            return new(LedgerErrorCode.TooManyTransactions, $"{transactions.Length} transactions, limit {state.Parameters.MaxTransactionsPerBlock}");
        if (size > state.Parameters.MaxBlockBytes) return new(LedgerErrorCode.BlockTooLarge, $"{size} bytes, limit {state.Parameters.MaxBlockBytes}");
        if (Block.TransactionRoot(transactions) != h.TransactionRoot)
            return new(LedgerErrorCode.TransactionRootMismatch, $"header tx root {h.TransactionRoot.Short} differs from the transactions'");
        return null;
    }

    private static Result Error(LedgerErrorCode code, string message, int? index = null) => new(null, new LedgerError(code, message, index));
}
