using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Archive;

/// <summary>
/// The archive's pure projection: (ledger state before a committed block, the block) → the rows it adds to the read
/// model and the state after it. The block is applied with <see cref="LedgerTransition"/> (every rule, signatures and
/// commit included), so a journal that does not continue the projected chain is refused, never indexed.
/// </summary>
public static class ArchiveProjection
{
    /// <summary>Height 0: every genesis account and stake as a change from nothing, and the validators of block 1.</summary>
    public static BlockProjection Genesis(LedgerState genesis)
    {
        if (genesis.Height != 0) throw new ArgumentException($"genesis state has height 0, got {genesis.Height}", nameof(genesis));
        var empty = genesis with { Balances = ImmutableSortedDictionary<Address, Amount>.Empty, Stakes = ImmutableSortedDictionary<PublicKey, StakeEntry>.Empty };
        var touched = genesis.Balances.Keys.Concat(genesis.Stakes.Keys.Select(k => k.ToAddress())).ToHashSet();
        return new BlockProjection(null, [], Changes(empty, genesis, touched, 0), [], ValidatorsFrom(1, genesis), genesis);
    }

    /// <summary>
    /// The rows block <paramref name="block"/> adds, or the reason it does not follow <paramref name="before"/>. The block
    /// comes from this node's own journal (<see cref="OwnJournalSignatures"/>): its transaction signatures are not verified again.
    /// </summary>
    public static (BlockProjection? Projection, string? Error) Project(LedgerState before, Block block)
    {
        var result = LedgerTransition.Apply(before, block, OwnJournalSignatures.Instance);
        if (!result.IsValid) return (null, $"block {block.Height} does not follow the indexed chain at height {before.Height}: {result.Error}");
        var after = result.State!;
        var h = block.Header;
        var validators = before.Validators;
        var blockRow = new BlockRow(h.Height, block.Hash, h.PreviousHash, h.Cutoff, h.BlockTime, h.Proposer, h.TransactionRoot, h.StateRoot,
            h.ValidatorSetHash, block.Commit.Round, block.Transactions.Length, TemporalProof.FinalizedAt(block.Commit, validators), block.Encode());

        var transactions = ImmutableArray.CreateBuilder<TransactionRow>(block.Transactions.Length);
        var touched = new HashSet<Address>();
        for (int i = 0; i < block.Transactions.Length; i++)
        {
            var tx = block.Transactions[i];
            touched.Add(tx.Sender);
            var (recipient, amount) = tx.Payload switch
            {
                TransferPayload t => ((Address?)t.To, t.Amount),
                StakePayload s => (null, s.Amount),
                UnstakePayload u => (null, u.Amount),
                _ => ((Address?)null, Amount.Zero),
            };
            if (recipient is { } to) touched.Add(to);
            transactions.Add(new TransactionRow(tx.Id, h.Height, i, tx.Timestamp, tx.Sender, tx.Kind, recipient, amount));
        }
        var signatures = block.Commit.Signatures
            .Select(s => new CommitSignatureRow(h.Height, s.Validator, validators.Find(s.Validator)?.Stake ?? Amount.Zero, s.Clock))
            .ToImmutableArray();
        var next = after.Validators.Hash == validators.Hash ? null : ValidatorsFrom(h.Height + 1, after);
        return (new BlockProjection(blockRow, transactions.MoveToImmutable(), Changes(before, after, touched, h.Height), signatures, next, after), null);
    }

    private static ImmutableArray<AccountChangeRow> Changes(LedgerState before, LedgerState after, IEnumerable<Address> touched, ulong height)
    {
        var rows = ImmutableArray.CreateBuilder<AccountChangeRow>();
        foreach (var address in touched.Order())
        {
            var row = new AccountChangeRow(address, height, before.BalanceOf(address), after.BalanceOf(address),
                StakeOf(before, address), StakeOf(after, address));
            if (row.BalanceBefore != row.BalanceAfter || row.StakeBefore != row.StakeAfter) rows.Add(row);
        }
        return rows.ToImmutable();
    }

    /// <summary>The stake held by the key whose address is <paramref name="address"/> (stakes are few: a scan is fine).</summary>
    public static Amount StakeOf(LedgerState state, Address address)
    {
        foreach (var (key, entry) in state.Stakes)
            if (key.ToAddress() == address) return entry.Amount;
        return Amount.Zero;
    }

    private static ValidatorSetRow ValidatorsFrom(ulong height, LedgerState state)
    {
        var set = state.Validators;
        return new ValidatorSetRow(height, set.Hash, [.. set.Validators.Select(v => new ValidatorRow(v.Key, v.Stake, v.Region))]);
    }
}
