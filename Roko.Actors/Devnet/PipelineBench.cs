using Roko.Actors.Consensus;
using System.Diagnostics;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Monitoring;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;

namespace Roko.Actors.Devnet;

public sealed record PipelineBenchResult(
    [property: JsonPropertyName("transactions")] int Transactions,
    [property: JsonPropertyName("finalized")] int Finalized,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("blocks")] int Blocks,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("tx_per_s")] double TxPerSecond,
    [property: JsonPropertyName("verify_ceiling_per_s")] double VerifyCeilingPerSecond,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("verify_ceilings_per_s")] IReadOnlyDictionary<string, double> VerifyCeilings,
    [property: JsonPropertyName("node_verifier")] string NodeVerifier);

[JsonSerializable(typeof(PipelineBenchResult))]
internal sealed partial class PipelineBenchJsonContext : JsonSerializerContext;

/// <summary>
/// One validator's pipeline at full speed: pre-signed transfers go through mempool admission (the MempoolRouter and
/// its shards, which verify signatures concurrently and fill the verified-signature cache), block assembly (the
/// k-way merge of the shards' slices, BlockAssembly), the validator's precommit certificate, and commit through the
/// real ChainStore actor (LedgerTransition.Apply with the cache, journaled to SQLite before it answers).
/// Measured against raw Ed25519 verification on all cores in the same run.
/// </summary>
public static class PipelineBench
{
    private const int Accounts = 64;
    private static readonly TimeSpan VerifyMeasurement = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PendingPoll = TimeSpan.FromMilliseconds(5);
    // Transactions are signed 10 s after genesis, one microsecond apart, and judged at a clock 20 s after genesis:
    // inside the validity window, and every slice sealable at once.
    private const long FirstTransactionNanos = 10 * NanoMoment.NanosPerSecond;
    private const long ClockNanos = 20 * NanoMoment.NanosPerSecond;
    private const long SpacingNanos = Nanoseconds.PerMicrosecond;
    private static readonly UInt128 MilliRoko = Amount.BaseUnitsPerRoko / 1000;

    public static async Task<PipelineBenchResult> RunAsync(int transactions, TextWriter progress, CancellationToken cancel)
    {
        string dir = Path.Combine(Path.GetTempPath(), "roko-bench-pipeline-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = RokoConfig.Load(null, $"roko.genesis.accounts = {Accounts}");
            var layout = new DevnetLayout(dir);
            var genesisTime = NanoMoment.FromDateTime(DateTime.UtcNow).AddNanoseconds(-2 * ClockNanos);
            var genesis = layout.Create(1, GenesisSettings.Create(config), genesisTime);
            var validator = KeyFile.Load(Path.Combine(layout.NodeDir(DevnetLayout.ValidatorName(0)), DevnetLayout.KeyFileName));
            var txs = PreSign(genesis.ChainId, layout.LoadAccountKeys(), transactions, genesisTime.AddNanoseconds(FirstTransactionNanos));
            progress.WriteLine($"bench pipeline: {txs.Count} transfers pre-signed");

            // Every implementation over the same transactions, message hashing included as in the pipeline; the ratio is
            // taken over the fastest, whichever the node uses.
            var ceilings = Verifiers.ToDictionary(v => v.Name, v => Math.Round(MeasureVerifyCeiling(txs, v.Verify), 1));
            double ceiling = ceilings.Values.Max();
            progress.WriteLine($"bench pipeline: raw Ed25519 verification ceilings on {Environment.ProcessorCount} core(s): " +
                               string.Join(", ", ceilings.Select(c => $"{c.Key} {c.Value:F0}/s")) + $" (the node verifies with {NodeVerifier})");

            var systemConfig = ConfigurationFactory.ParseString(RokoConfig.SqliteAt(Path.Combine(dir, "chain.db"))).WithFallback(config);
            using var system = ActorSystem.Create("roko-bench", systemConfig);
            // Admission control off (min-pending above the run): every transaction is submitted at once against a fixed clock,
            // so the backlog rule would call the pool busy after the first thousand and the bench would measure refusals.
            var mempool = MempoolSettings.Create(ConfigurationFactory.ParseString(
                $"roko.mempool {{ max-transactions = {transactions}, max-per-sender = {transactions}, admission.min-pending = {transactions + 1} }}")
                .WithFallback(config));
            // Room for every transaction of the run, so none is verified again at commit because the cache forgot it.
            var signatures = new VerifiedSignatureCache(Math.Max(mempool.VerifiedSignatures, 2 * transactions));
            var chain = system.ActorOf(ChainStore.Props(genesis, ChainStoreSettings.Create(config), signatures), "chain");
            var clockAt = genesisTime.AddNanoseconds(ClockNanos);
            var now = NanoInterval.Around(clockAt, 1);
            var state = LedgerState.FromGenesis(genesis);
            using var metrics = new RokoMetrics("bench");
            var router = system.ActorOf(MempoolRouter.Props(chain, new FixedClock(clockAt, now), mempool, metrics, propagator: null, signatures,
                ConsensusSettings.Create(config).InclusionDelay), "mempool");
            progress.WriteLine($"bench pipeline: {mempool.Shards} mempool shard(s)");

            var watch = Stopwatch.StartNew();
            var verdicts = await Task.WhenAll(txs.Select(tx => router.Ask<object>(new MempoolProtocol.SubmitTransaction(tx), CommitTimeout, cancel)));
            int rejected = verdicts.Count(v => v is not MempoolProtocol.TransactionAccepted);
            progress.WriteLine($"bench pipeline: admitted {txs.Count - rejected}/{txs.Count} in {watch.Elapsed.TotalSeconds:F2} s");

            int finalized = 0, blocks = 0;
            var blockTime = clockAt;
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                var status = await router.Ask<MempoolProtocol.CurrentMempoolStatus>(MempoolProtocol.GetMempoolStatus.Instance, CommitTimeout, cancel);
                if (status.Height < state.Height) continue; // the pool has not followed the last commit yet
                if (status.Pending == 0) break;
                var slice = await router.Ask<MempoolProtocol.CurrentSlice>(new MempoolProtocol.GetSlice(now.Earliest), CommitTimeout, cancel);
                if (slice.Transactions.Count == 0)
                {
                    await Task.Delay(PendingPoll, cancel); // only drops still on their way to the front
                    continue;
                }
                blockTime = blockTime.AddNanoseconds(1);
                var assembled = BlockAssembly.Assemble(state, slice.Transactions, slice.Cutoff, blockTime, validator.PublicKey);
                var header = assembled.Header;
                var precommit = Vote.Create(VoteType.Precommit, genesis.ChainId, header.Height, 0, header.Hash, now, validator);
                var block = assembled.WithCommit(CommitCertificate.FromVotes(header.Height, 0, header.Hash, [precommit]));
                var reply = await chain.Ask(new ChainStoreProtocol.CommitBlock(block), CommitTimeout, cancel);
                if (reply is not ChainStoreProtocol.BlockCommitted committed)
                    throw new InvalidOperationException($"the chain store refused block {header.Height}: {reply}");
                state = committed.State;
                rejected += assembled.Excluded.Count;
                finalized += block.Transactions.Length;
                blocks++;
            }
            double seconds = watch.Elapsed.TotalSeconds;
            progress.WriteLine($"bench pipeline: {blocks} block(s) committed by {seconds:F2} s; signatures verified again at commit: {signatures.Misses - (txs.Count - rejected)}");
            double rate = finalized / seconds;
            return new PipelineBenchResult(txs.Count, finalized, rejected, blocks, Math.Round(seconds, 3), Math.Round(rate, 1),
                Math.Round(ceiling, 1), Math.Round(rate / ceiling, 3), Environment.ProcessorCount, ceilings, NodeVerifier);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private sealed class FixedClock(NanoMoment estimate, NanoInterval now) : IClock
    {
        public NanoInterval Now() => now;

        public NanoMoment Estimate() => estimate;
    }

    private static List<Transaction> PreSign(string chainId, IReadOnlyList<SigningKey> accounts, int count, NanoMoment start)
    {
        var txs = new Transaction[count];
        Parallel.For(0, count, i =>
        {
            var from = accounts[i % accounts.Count];
            var to = accounts[(i + 1) % accounts.Count].PublicKey.ToAddress();
            txs[i] = Transaction.Create(chainId, from, start.AddNanoseconds(i * SpacingNanos), new TransferPayload(to, new Amount(MilliRoko)));
        });
        return [.. txs];
    }

    /// <summary>The implementation behind <c>Crypto.Ed25519.Verify</c>, which every node uses.</summary>
    private const string NodeVerifier = "libsodium";

    private delegate bool Ed25519Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    private static readonly (string Name, Ed25519Verify Verify)[] Verifiers =
    [
        ("bouncycastle", BouncyCastleEd25519.Verify),
        (NodeVerifier, LibsodiumEd25519.Verify),
    ];

    /// <summary>Signature verifications per second over all cores for <see cref="VerifyMeasurement"/>, by <paramref name="verify"/>.</summary>
    private static double MeasureVerifyCeiling(IReadOnlyList<Transaction> txs, Ed25519Verify verify)
    {
        foreach (var tx in txs.Take(Accounts))
            if (!verify(tx.Signer.ToArray(), tx.SignedMessage(), tx.Signature.ToArray()))
                throw new InvalidOperationException($"bench pipeline: a transfer signed by the bench does not verify ({tx.Id.Short})");
        long verified = 0;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            long mine = 0;
            for (int i = worker % txs.Count; watch.Elapsed < VerifyMeasurement; i = (i + Environment.ProcessorCount) % txs.Count)
                if (verify(txs[i].Signer.ToArray(), txs[i].SignedMessage(), txs[i].Signature.ToArray())) mine++;
            Interlocked.Add(ref verified, mine);
        });
        return verified / watch.Elapsed.TotalSeconds;
    }
}
