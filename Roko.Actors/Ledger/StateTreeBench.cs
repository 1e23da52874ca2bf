using System.Collections.Immutable;
using System.Diagnostics;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>Figures of one <see cref="StateTreeBench"/> run.</summary>
public sealed record StateTreeBenchResult(int Accounts, int Blocks, int ChangesPerBlock, double BuildSeconds,
    double UpdatesPerSecond, double MicrosPerBlock, double ProofBytesAverage, double VerifiesPerSecond);

/// <summary>
/// Measures the provable state: building the tree of <c>accounts</c> balances from scratch, then blocks that each
/// change <c>changesPerBlock</c> balances and take the new root the way the ledger does (incrementally), then
/// account proofs (size, verification rate). Deterministic inputs; wall-clock figures.
/// </summary>
public static class StateTreeBench
{
    public static StateTreeBenchResult Run(int accounts, int blocks, int changesPerBlock)
    {
        var addresses = Enumerable.Range(0, accounts).Select(i =>
            Address.FromBytes(Sha256.HashTagged("roko/bench/address", BitConverter.GetBytes(i)).ToArray().AsSpan(0, Address.Size))).ToArray();
        var balances = ImmutableSortedDictionary.CreateRange(addresses.Select((a, i) => KeyValuePair.Create(a, new Amount((UInt128)i + 1))));
        var stakes = ImmutableSortedDictionary<PublicKey, StakeEntry>.Empty;

        var watch = Stopwatch.StartNew();
        var tree = StateTree.Build(balances, stakes);
        double build = watch.Elapsed.TotalSeconds;

        var random = new Random(42);
        watch.Restart();
        for (int b = 0; b < blocks; b++)
        {
            var builder = balances.ToBuilder();
            for (int c = 0; c < changesPerBlock; c++)
            {
                var address = addresses[random.Next(accounts)];
                builder[address] = new Amount((UInt128)random.Next(1, int.MaxValue));
            }
            var next = builder.ToImmutable();
            tree = StateTree.Update(tree, balances, stakes, next, stakes);
            balances = next;
        }
        double updating = watch.Elapsed.TotalSeconds;

        int samples = Math.Min(accounts, 1000);
        var proofs = Enumerable.Range(0, samples).Select(i => StateTree.ProveAccount(tree, addresses[i], balances[addresses[i]])).ToList();
        watch.Restart();
        int verified = proofs.Count(p => p.Verify(tree.Root));
        double verifying = watch.Elapsed.TotalSeconds;
        if (verified != samples) throw new InvalidOperationException($"{samples - verified} proofs failed to verify");

        return new StateTreeBenchResult(accounts, blocks, changesPerBlock, Math.Round(build, 3),
            Math.Round(blocks * (double)changesPerBlock / updating, 1), Math.Round(updating / blocks * 1e6, 1),
            Math.Round(proofs.Average(p => p.Proof.Encode().Length), 1), Math.Round(samples / verifying, 1));
    }
}
