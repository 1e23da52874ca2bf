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
    /// <see cref="Apply"/> for a block whose content this node already validated (<see cref="ApplyContent"/>) into
    /// <paramref name="validated"/>: when that is the state after this very block on this very tip, only the commit
    /// certificate is checked, and the content (signatures, balances, state root) is not executed a second time.
    /// Anything else — another block, another tip — is applied in full.
    /// </summary>
    public static Result ApplyValidated(LedgerState state, Block block, LedgerState validated, ISignatureVerifier? signatures = null)
    {
        bool sameBlockOnSameTip = validated.Height == block.Height && validated.LastBlockHash == block.Hash
                                  && state.Height + 1 == block.Height && state.LastBlockHash == block.Header.PreviousHash
                                  && validated.ChainId == state.ChainId;
        if (!sameBlockOnSameTip) return Apply(state, block, signatures);
        if (block.Commit.Verify(block.Header, state.Validators) is { } commitProblem)
            return Error(LedgerErrorCode.InvalidCommit, commitProblem);
        return new Result(validated, null);
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
        Transaction? last = null;
        for (int i = 0; i < transactions.Length; i++)
        {
            var tx = transactions[i];
            var refused = TransactionRules.Chain(tx, state.ChainId)
                          ?? TransactionRules.Slice(tx, state.LastCutoff, h.Cutoff)
                          ?? TransactionRules.Order(tx, last)
                          ?? TransactionRules.MaxAge(tx, h.BlockTime, state.Parameters)
                          ?? TransactionRules.Signature(tx, signatures);
            if (refused is not null) return new Result(null, refused with { TransactionIndex = i });
            var (next, error) = TransactionExecution.Execute(Unbonding.ReleaseDue(current, tx.Timestamp), tx);
            if (error is not null) return new Result(null, error with { TransactionIndex = i });
            current = next;
            last = tx;
        }

        current = Unbonding.ReleaseDue(current, h.Cutoff);
        if (current.ComputeStateRoot() != h.StateRoot)
            return Error(LedgerErrorCode.StateRootMismatch, $"header state root {h.StateRoot.Short} differs from the computed one");

        return new Result(Advance(state, current, h), null);
    }

    /// <summary>
    /// The state after block <paramref name="h"/>: <paramref name="executed"/> (its transactions and due releases
    /// applied to <paramref name="before"/>) moved to the new tip, with the validator set of the height after next
    /// fixed from <paramref name="before"/>'s stakes minus the validators this block slashed (<see cref="ValidatorSchedule"/>):
    /// the next height's set. So a stake change in block h counts from h + 2, a slashing in block h from h + 1.
    /// </summary>
    public static LedgerState Advance(LedgerState before, LedgerState executed, BlockHeader h)
    {
        var slashed = Slashing.SlashedBetween(before, executed).ToHashSet();
        var next = slashed.Count == 0
            ? before.StakedValidators
            : new ValidatorSet(before.StakedValidators.Validators.Where(v => !slashed.Contains(v.Key)));
        var history = before.ValidatorHistory.IsDefaultOrEmpty ? [new ValidatorEpoch(h.Height, before.Validators)] : before.ValidatorHistory;
        return executed with
        {
            Height = h.Height,
            LastBlockHash = h.Hash,
            LastCutoff = h.Cutoff,
            LastBlockTime = h.BlockTime,
            ValidatorHistory = ValidatorSchedule.Advance(history, h.Height, next, before.Parameters.EvidenceMaxAgeHeights),
        };
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
