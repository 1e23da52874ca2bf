using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Ledger;

/// <summary>A block proposal before its commit certificate, with the candidates left out and why.</summary>
public sealed record AssembledBlock(
    BlockHeader Header,
    ImmutableArray<Transaction> Transactions,
    LedgerState StateAfter,
    IReadOnlyList<(Transaction Transaction, LedgerError Reason)> Excluded)
{
    public Block WithCommit(CommitCertificate commit) => new(Header, Transactions, commit);
}

/// <summary>
/// Builds the next block from candidates in (timestamp, id) order: takes those inside the slice
/// (last cutoff, cutoff], keeps one per nanosecond (the first in order), and leaves out with the reason those that fail
/// a block rule of <see cref="TransactionRules"/> (chain, order, maximum age) or execution against the state, up to the
/// block's transaction and byte limits. Signatures are not verified here: the shards' pools verified them at admission,
/// and <see cref="LedgerTransition"/> verifies them (through the node's cache) before anyone votes. When a limit stops it early, the
/// cutoff is pulled back to the last included transaction so the rest of the slice stays open for the next block.
/// </summary>
public static class BlockAssembly
{
    // Encoded size of a block with no transactions and one commit signature, rounded up.
    private const int BlockOverheadBytes = 512;
    private const int CommitSignatureBytes = 120;

    /// <param name="maxTransactions">The proposer's own cap (roko.consensus.proposal-max-transactions); the chain's
    /// max-txs-per-block applies when it is higher.</param>
    public static AssembledBlock Assemble(LedgerState state, IEnumerable<Transaction> candidates, NanoMoment cutoff,
        NanoMoment blockTime, PublicKey proposer, int maxTransactions = int.MaxValue)
    {
        var p = state.Parameters;
        int limit = Math.Min(maxTransactions, p.MaxTransactionsPerBlock);
        var included = ImmutableArray.CreateBuilder<Transaction>();
        var excluded = new List<(Transaction, LedgerError)>();
        var current = state;
        int bytes = BlockOverheadBytes + CommitSignatureBytes * state.Validators.Count;
        Transaction? last = null;
        bool full = false;
        foreach (var tx in candidates)
        {
            if (TransactionRules.Slice(tx, state.LastCutoff, cutoff) is { } outside)
            {
                if (tx.Timestamp > cutoff) break; // candidates are ordered: the rest belong to later slices
                excluded.Add((tx, outside));
                continue;
            }
            if (included.Count >= limit) { full = true; break; }
            if ((TransactionRules.Chain(tx, state.ChainId)
                 ?? TransactionRules.Order(tx, last)
                 ?? TransactionRules.MaxAge(tx, blockTime, p)) is { } refused)
            {
                excluded.Add((tx, refused));
                continue;
            }
            int size = tx.Encode().Length;
            if (bytes + size > p.MaxBlockBytes) { full = true; break; }
            var (next, error) = TransactionExecution.Execute(Unbonding.ReleaseDue(current, tx.Timestamp), tx);
            if (error is not null)
            {
                excluded.Add((tx, error));
                continue;
            }
            current = next;
            bytes += size;
            last = tx;
            included.Add(tx);
        }
        if (full) cutoff = last?.Timestamp ?? state.LastCutoff.AddNanoseconds(1);
        current = Unbonding.ReleaseDue(current, cutoff);
        var txs = included.ToImmutable();
        var header = new BlockHeader(state.ChainId, state.Height + 1, state.LastBlockHash, cutoff, blockTime, proposer,
            Block.TransactionRoot(txs), current.ComputeStateRoot(), state.Validators.Hash);
        var after = LedgerTransition.Advance(state, current, header);
        return new AssembledBlock(header, txs, after, excluded);
    }
}
