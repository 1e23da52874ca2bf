using Roko.Actors.Ledger;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Chaos;

/// <summary>
/// What must hold after every chaos scenario, read from the stopped nodes' data dirs: `roko chain verify` accepts every
/// chain, all validators agree at every height they have in common (no fork), and every transaction a node
/// acknowledged as finalized is in the chain at the height it named.
/// </summary>
public static class ChaosVerdict
{
    /// <summary>Stops the network, asserts the verdict, and returns the chain the validators agree on (the longest, by height).</summary>
    public static async Task<IReadOnlyDictionary<ulong, Block>> AssertSafeAsync(ChaosNetwork network, ChaosLoad? load)
    {
        await network.StopAllAsync();

        var verify = await RokoProcess.RunAsync(TimeSpan.FromMinutes(2), "chain", "verify", "--data-dir", network.Root);
        Assert.True(verify.ExitCode == 0, $"roko chain verify refused a chain:\n{verify.Stdout}\n{verify.Stderr}");

        var chains = network.Nodes.ToDictionary(n => n.Name, n => ChainJournal
            .ReadFile(n.DatabasePath, network.Genesis.ChainId)
            .Select(e => e.Block ?? throw new InvalidOperationException($"{n}: journal entry {e.SequenceNr}: {e.DecodeProblem}"))
            .ToDictionary(b => b.Header.Height));

        var longest = chains.Values.MaxBy(c => c.Count)!;
        foreach (var (name, chain) in chains)
            foreach (var (height, block) in chain)
                Assert.True(longest[height].Hash == block.Hash,
                    $"fork at height {height}: {name} has {block.Hash}, another validator {longest[height].Hash}");

        if (load is null) return longest;
        foreach (var (id, height) in load.Finalized)
        {
            Assert.True(longest.TryGetValue(height, out var block),
                $"transaction {id} was acknowledged final at height {height}, but no validator's chain reaches that height");
            Assert.True(block.Transactions.Any(t => t.Id == id),
                $"transaction {id} was acknowledged final at height {height}, but block {height} does not hold it");
        }
        return longest;
    }
}
