using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public class BlockAssemblySpec
{
    private static TestChain Chain(int maxTxs = 100) =>
        Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Funding(Keys.Bob, Amount.FromRoko(10))
            .WithParameters(p => p with { MaxTransactionsPerBlock = maxTxs }).Build();

    private static Transaction Pay(long millis, long amountRoko = 1, long nanos = 0) =>
        Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(millis, nanos)).Transfer(Keys.Bob, Amount.FromRoko((ulong)amountRoko));

    [Fact]
    public void Assemble_should_take_the_slice_in_time_order_and_leave_later_transactions_for_later_blocks()
    {
        var chain = Chain();
        var assembled = chain.NextBlock().With(Pay(300), Pay(100), Pay(200), Pay(1500)).CutoffAt(Moments.AfterGenesis(1000)).Assemble();
        Assert.Equal(new[] { Pay(100), Pay(200), Pay(300) }, assembled.Transactions);
        Assert.Empty(assembled.Excluded);
        Assert.Equal(Moments.AfterGenesis(1000), assembled.Header.Cutoff);
        Assert.Equal(Block.TransactionRoot(assembled.Transactions), assembled.Header.TransactionRoot);
        Assert.Equal(assembled.StateAfter.ComputeStateRoot(), assembled.Header.StateRoot);
    }

    [Fact]
    public void Assemble_should_exclude_with_a_reason_what_cannot_enter_the_block()
    {
        var chain = Chain();
        var stale = Build.Transaction().SignedAt(chain.State.LastCutoff).Transfer(Keys.Bob, new Amount(1));
        var first = Pay(100);
        var clash = Build.Transaction().By(Keys.Bob).SignedAt(first.Timestamp).Transfer(Keys.Alice, new Amount(1));
        var broke = Build.Transaction().By(Keys.Carol).SignedAt(Moments.AfterGenesis(200)).Transfer(Keys.Alice, new Amount(1));
        var zero = Build.Transaction().SignedAt(Moments.AfterGenesis(300)).Transfer(Keys.Bob, Amount.Zero);
        var ordered = new[] { stale, first, clash, broke, zero }.Order(Comparer<Transaction>.Create(Transaction.CompareByTime)).ToArray();
        var holder = ordered[1];
        var loser = ordered[2];

        var assembled = BlockAssembly.Assemble(chain.State, ordered, Moments.AfterGenesis(1000), Moments.AfterGenesis(1001), chain.ValidatorKeys[0].PublicKey);

        Assert.Equal(new[] { holder }, assembled.Transactions);
        var reasons = assembled.Excluded.ToDictionary(e => e.Transaction.Id, e => e.Reason.Code);
        Assert.Equal(LedgerErrorCode.TransactionOutsideSlice, reasons[stale.Id]);
        Assert.Equal(LedgerErrorCode.SlotTaken, reasons[loser.Id]);
        Assert.Equal(LedgerErrorCode.InsufficientBalance, reasons[broke.Id]);
        Assert.Equal(LedgerErrorCode.ZeroAmount, reasons[zero.Id]);
    }

    [Fact]
    public void Assemble_should_exclude_transactions_too_old_for_the_block_time()
    {
        var chain = Chain();
        var old = Pay(100);
        var blockTime = old.Timestamp.AddNanoseconds(chain.State.Parameters.TransactionMaxAgeNanos + 1);
        var assembled = BlockAssembly.Assemble(chain.State, [old], blockTime, blockTime, chain.ValidatorKeys[0].PublicKey);
        Assert.Empty(assembled.Transactions);
        Assert.Equal(LedgerErrorCode.TransactionTooOld, Assert.Single(assembled.Excluded).Reason.Code);
    }

    [Fact]
    public void Assemble_should_stop_at_the_proposers_own_cap_below_the_chains_limit()
    {
        var chain = Chain(maxTxs: 100);
        var txs = new[] { Pay(100), Pay(200), Pay(300) };

        var block = BlockAssembly.Assemble(chain.State, txs, Moments.AfterGenesis(1000), Moments.AfterGenesis(1001), Keys.Alice.PublicKey, maxTransactions: 2);

        Assert.Equal(new[] { txs[0], txs[1] }, block.Transactions);
        Assert.Equal(txs[1].Timestamp, block.Header.Cutoff);
    }

    [Fact]
    public void Assemble_should_pull_the_cutoff_back_when_the_block_is_full_so_the_rest_stay_eligible()
    {
        var chain = Chain(maxTxs: 2);
        var txs = new[] { Pay(100), Pay(200), Pay(300), Pay(400) };
        var first = chain.NextBlock().With(txs).CutoffAt(Moments.AfterGenesis(1000)).Seal();
        Assert.Equal(new[] { txs[0], txs[1] }, first.Transactions);
        Assert.Equal(txs[1].Timestamp, first.Header.Cutoff);

        var s1 = LedgerTransition.Apply(chain.State, first).State!;
        Assert.NotNull(s1);
        var second = chain.NextBlock(s1).With(txs[2], txs[3]).CutoffAt(Moments.AfterGenesis(1000)).At(Moments.AfterGenesis(1002)).Seal();
        Assert.Equal(new[] { txs[2], txs[3] }, second.Transactions);
        var result = LedgerTransition.Apply(s1, second);
        Assert.True(result.IsValid, result.Error?.ToString());
    }

    [Fact]
    public void Assemble_should_pull_the_cutoff_back_by_byte_size_too()
    {
        var chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000))
            .WithParameters(p => p with { MaxBlockBytes = Block.MinimumSize }).Build();
        var txs = Enumerable.Range(1, 10).Select(i => Pay(i * 10)).ToArray();
        var assembled = chain.NextBlock().With(txs).CutoffAt(Moments.AfterGenesis(1000)).Assemble();
        Assert.InRange(assembled.Transactions.Length, 1, 9);
        Assert.Equal(assembled.Transactions[^1].Timestamp, assembled.Header.Cutoff);
        var block = assembled.WithCommit(BlockBuilder.Commit(assembled.Header, chain.ValidatorKeys));
        Assert.True(LedgerTransition.Apply(chain.State, block).IsValid);
    }

    [Fact]
    public void Assemble_then_Apply_should_yield_the_same_state()
    {
        var chain = Chain();
        var assembled = chain.NextBlock().With(Pay(100), Pay(200, 5),
            Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(300)).Stake(Amount.FromRoko(1000), "apac")).Assemble();
        var block = assembled.WithCommit(BlockBuilder.Commit(assembled.Header, chain.ValidatorKeys));
        var result = LedgerTransition.Apply(chain.State, block);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(assembled.StateAfter, result.State);
        Assert.Equal(assembled.StateAfter.ComputeStateRoot(), result.State!.ComputeStateRoot());
        Assert.Equal(assembled.StateAfter.LastBlockHash, block.Hash);
        // the stake failed (Alice spent 6 first) and is reported, not included
        Assert.Equal(LedgerErrorCode.InsufficientBalance, Assert.Single(assembled.Excluded).Reason.Code);
    }

    [Fact]
    public void Assemble_with_no_candidates_should_produce_an_empty_block_that_applies()
    {
        var chain = Chain();
        var block = chain.NextBlock().Seal();
        Assert.Empty(block.Transactions);
        Assert.Equal(MerklelessEmptyRoot(), block.Header.TransactionRoot);
        Assert.True(LedgerTransition.Apply(chain.State, block).IsValid);
    }

    private static Hash32 MerklelessEmptyRoot() => Roko.Actors.Crypto.MerkleTree.EmptyRoot;
}
