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
    [property: JsonPropertyName("node_verifier")] string NodeVerifier,
    [property: JsonPropertyName("warm_up")] int WarmUp);

[JsonSerializable(typeof(PipelineBenchResult))]
internal sealed partial class PipelineBenchJsonContext : JsonSerializerContext;

/// <summary>
/// One validator's pipeline at full speed: pre-signed transfers go through mempool admission (the MempoolRouter and
/// its shards, which verify signatures concurrently and fill the verified-signature cache), block assembly (the
/// k-way merge of the shards' slices, BlockAssembly), the validator's precommit certificate, and commit through the
/// real ChainStore actor (LedgerTransition.Apply with the cache, journaled to SQLite before it answers). Blocks are
/// committed while admission goes on, as on a running validator. An untimed warm-up goes through the same path first.
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

    /// <param name="warmUp">Transfers pushed through first, untimed, so the timed run measures compiled code rather than the JIT.</param>
    public static async Task<PipelineBenchResult> RunAsync(int transactions, int warmUp, TextWriter progress, CancellationToken cancel)
    {
        if (warmUp < 0) throw new ArgumentOutOfRangeException(nameof(warmUp), warmUp, "a warm-up cannot be negative");
        string dir = Path.Combine(Path.GetTempPath(), "roko-bench-pipeline-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = RokoConfig.Load(null, $"roko.genesis.accounts = {Accounts}");
            var layout = new DevnetLayout(dir);
            var genesisTime = NanoMoment.FromDateTime(DateTime.UtcNow).AddNanoseconds(-2 * ClockNanos);
            var genesis = layout.Create(1, GenesisSettings.Create(config), genesisTime);
            var validator = KeyFile.Load(Path.Combine(layout.NodeDir(DevnetLayout.ValidatorName(0)), DevnetLayout.KeyFileName));
            var txs = PreSign(genesis.ChainId, layout.LoadAccountKeys(), warmUp + transactions, genesisTime.AddNanoseconds(FirstTransactionNanos));
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
                $"roko.mempool {{ max-transactions = {txs.Count}, max-per-sender = {txs.Count}, admission.min-pending = {txs.Count + 1} }}")
                .WithFallback(config));
            // Room for every transaction of the run, so none is verified again at commit because the cache forgot it.
            var signatures = new VerifiedSignatureCache(Math.Max(mempool.VerifiedSignatures, 2 * txs.Count));
            var chain = system.ActorOf(ChainStore.Props(genesis, ChainStoreSettings.Create(config), signatures), "chain");
            var clockAt = genesisTime.AddNanoseconds(ClockNanos);
            var now = NanoInterval.Around(clockAt, 1);
            using var metrics = new RokoMetrics("bench");
            var router = system.ActorOf(MempoolRouter.Props(chain, new FixedClock(clockAt, now), mempool, metrics, propagator: null, signatures,
                ConsensusSettings.Create(config).InclusionDelay), "mempool");
            progress.WriteLine($"bench pipeline: {mempool.Shards} mempool shard(s)");

            var pipeline = new Pipeline(router, chain, genesis.ChainId, validator, now, LedgerState.FromGenesis(genesis), clockAt);
            if (warmUp > 0)
            {
                var warming = Stopwatch.StartNew();
                var warm = await pipeline.PushThroughAsync(txs[..warmUp], cancel);
                progress.WriteLine($"bench pipeline: warm-up of {warmUp} transfers (not counted) finalized {warm.Finalized} in " +
                                   $"{warm.Blocks} block(s), {warming.Elapsed.TotalSeconds:F2} s");
            }
            var timed = txs[warmUp..];
            var watch = Stopwatch.StartNew();
            var run = await pipeline.PushThroughAsync(timed, cancel);
            double seconds = watch.Elapsed.TotalSeconds;
            progress.WriteLine($"bench pipeline: admitted {timed.Count - run.RefusedAtAdmission}/{timed.Count} by {run.AdmittedBy.TotalSeconds:F2} s, " +
                               $"{run.Blocks} block(s) committed meanwhile and after, all by {seconds:F2} s; " +
                               $"signatures verified again at commit: {signatures.Misses - (txs.Count - run.RefusedAtAdmission)}");
            double rate = run.Finalized / seconds;
            return new PipelineBenchResult(timed.Count, run.Finalized, run.Rejected, run.Blocks, Math.Round(seconds, 3), Math.Round(rate, 1),
                Math.Round(ceiling, 1), Math.Round(rate / ceiling, 3), Environment.ProcessorCount, ceilings, NodeVerifier, warmUp);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Admitted, refused and finalized transfers of one push through the pipeline.</summary>
    private sealed record PushResult(int Finalized, int Rejected, int RefusedAtAdmission, int Blocks, TimeSpan AdmittedBy);

    /// <summary>
    /// The validator's side of the pipeline, kept across pushes (the ledger and the last block time). Blocks are committed
    /// while admission goes on, as on a running validator, each sealing the slice up to the last transfer of the longest
    /// prefix whose every verdict is in: the bench's inclusion delay, so a transfer still on its way through a shard is
    /// never sealed out.
    /// </summary>
    private sealed class Pipeline(IActorRef router, IActorRef chain, string chainId, SigningKey validator, NanoInterval now,
        LedgerState state, NanoMoment blockTime)
    {
        public async Task<PushResult> PushThroughAsync(IReadOnlyList<Transaction> txs, CancellationToken cancel)
        {
            var started = Stopwatch.StartNew();
            var verdicts = new int[txs.Count]; // 0 awaited, 1 accepted, 2 refused
            long admittedTicks = 0;
            int answered = 0;
            async Task Submit(int i)
            {
                var verdict = await router.Ask<object>(new MempoolProtocol.SubmitTransaction(txs[i]), CommitTimeout, cancel);
                Volatile.Write(ref verdicts[i], verdict is MempoolProtocol.TransactionAccepted ? 1 : 2);
                if (Interlocked.Increment(ref answered) == txs.Count) Volatile.Write(ref admittedTicks, started.Elapsed.Ticks);
            }
            var submitting = Task.WhenAll(Enumerable.Range(0, txs.Count).Select(Submit));

            int prefix = 0, refused = 0, finalized = 0, excluded = 0, blocks = 0;
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                if (submitting.IsFaulted) await submitting; // an ask that failed ends the run with its error
                for (; prefix < txs.Count && Volatile.Read(ref verdicts[prefix]) != 0; prefix++)
                    if (verdicts[prefix] == 2) refused++;
                if (prefix == 0)
                {
                    await Task.Delay(PendingPoll, cancel);
                    continue;
                }
                var status = await router.Ask<MempoolProtocol.CurrentMempoolStatus>(MempoolProtocol.GetMempoolStatus.Instance, CommitTimeout, cancel);
                if (status.Height < state.Height) continue; // the pool has not followed the last commit yet
                if (prefix == txs.Count && status.Pending == 0) break;
                var slice = await router.Ask<MempoolProtocol.CurrentSlice>(new MempoolProtocol.GetSlice(txs[prefix - 1].Timestamp), CommitTimeout, cancel);
                if (slice.Transactions.Count == 0)
                {
                    await Task.Delay(PendingPoll, cancel); // the next verdicts are still on their way
                    continue;
                }
                blockTime = blockTime.AddNanoseconds(1);
                var assembled = BlockAssembly.Assemble(state, slice.Transactions, slice.Cutoff, blockTime, validator.PublicKey);
                var header = assembled.Header;
                var precommit = Vote.Create(VoteType.Precommit, chainId, header.Height, 0, header.Hash, now, validator);
                var block = assembled.WithCommit(CommitCertificate.FromVotes(header.Height, 0, header.Hash, [precommit]));
                var reply = await chain.Ask(new ChainStoreProtocol.CommitBlock(block), CommitTimeout, cancel);
                if (reply is not ChainStoreProtocol.BlockCommitted committed)
                    throw new InvalidOperationException($"the chain store refused block {header.Height}: {reply}");
                state = committed.State;
                excluded += assembled.Excluded.Count;
                finalized += block.Transactions.Length;
                blocks++;
            }
            await submitting;
            return new PushResult(finalized, refused + excluded, refused, blocks, TimeSpan.FromTicks(Volatile.Read(ref admittedTicks)));
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
