using System.Collections.Immutable;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Archive;

/// <summary>
/// A small committed chain for the archive specs: two validators; Alice and Bob funded; block h (1-based) has Alice
/// send h ROKO to Bob, every third block Bob sends 1 ROKO to Carol, and block 4 has Carol stake enough to become a
/// validator. <see cref="States"/>[h] is the ledger after block h (0 = genesis), replayed with LedgerTransition.
/// </summary>
public sealed class ArchiveTestChain
{
    public static readonly Amount ValidatorMinimum = Amount.FromRoko(1_000);

    public ArchiveTestChain(int blocks)
    {
        var chain = Build.Chain().WithValidators(2).Funding(Keys.Alice, Amount.FromRoko(100_000)).Funding(Keys.Bob, Amount.FromRoko(10))
            .Funding(Keys.Carol, Amount.FromRoko(2_000)).Build();
        Genesis = chain.Genesis;
        var states = new List<LedgerState> { chain.State };
        var list = new List<Block>();
        for (int h = 1; h <= blocks; h++)
        {
            var state = states[^1];
            var at = state.LastCutoff;
            var txs = new List<Transaction>
            {
                Build.Transaction().By(Keys.Alice).SignedAt(at.AddNanoseconds(100)).Transfer(Keys.Bob, Amount.FromRoko((ulong)h)),
            };
            if (h % 3 == 0) txs.Add(Build.Transaction().By(Keys.Bob).SignedAt(at.AddNanoseconds(200)).Transfer(Keys.Carol, Amount.FromRoko(1)));
            if (h == 4) txs.Add(Build.Transaction().By(Keys.Carol).SignedAt(at.AddNanoseconds(300)).Stake(ValidatorMinimum, "na"));
            var block = chain.NextBlock(state).With([.. txs]).Seal();
            var applied = LedgerTransition.Apply(state, block);
            Assert.True(applied.IsValid, applied.Error?.ToString());
            list.Add(block);
            states.Add(applied.State!);
        }
        Blocks = [.. list];
        States = [.. states];
    }

    public Genesis Genesis { get; }
    public ImmutableArray<Block> Blocks { get; }
    public ImmutableArray<LedgerState> States { get; }
    public Block this[ulong height] => Blocks[(int)height - 1];
}
