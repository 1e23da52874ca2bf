using System.Diagnostics;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using static Roko.Actors.Mempool.MempoolProtocol;

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
    [property: JsonPropertyName("cores")] int Cores);

[JsonSerializable(typeof(PipelineBenchResult))]
internal sealed partial class PipelineBenchJsonContext : JsonSerializerContext;

/// <summary>
/// One validator with its real actors (mempool admission, consensus with block assembly, chain store persisting to
/// SQLite) fed pre-signed transfers as fast as it takes them; measured against raw Ed25519 verification on all cores.
/// </summary>
public static class PipelineBench
{
    private const int Accounts = 64;
    private static readonly TimeSpan VerifyMeasurement = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    // Signing times start this far in the past (inside the validity window) so every slice is sealable at once.
    private const long BacklogNanos = 20 * NanoMoment.NanosPerSecond;
    private static readonly UInt128 MilliRoko = Amount.BaseUnitsPerRoko / 1000;

    public static async Task<PipelineBenchResult> RunAsync(int transactions, TextWriter progress, CancellationToken cancel)
    {
        string dir = Path.Combine(Path.GetTempPath(), "roko-bench-pipeline-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = RokoConfig.Load(null, $"roko.genesis.accounts = {Accounts}");
            var layout = new DevnetLayout(dir);
            var genesis = layout.Create(1, GenesisSettings.Create(config), NanoMoment.FromDateTime(DateTime.UtcNow).AddNanoseconds(-2 * BacklogNanos));
            var txs = PreSign(genesis.ChainId, layout.LoadAccountKeys(), transactions);
            progress.WriteLine($"bench pipeline: {txs.Count} transfers pre-signed");

            double ceiling = MeasureVerifyCeiling(txs);
            progress.WriteLine($"bench pipeline: raw Ed25519 verification ceiling {ceiling:F0}/s on {Environment.ProcessorCount} core(s)");

            string name = DevnetLayout.ValidatorName(0);
            var nodeConfig = ConfigurationFactory.ParseString($"""
                roko.node.name = {RokoConfig.Quote(name)}
                roko.node.data-dir = {RokoConfig.Quote(layout.NodeDir(name))}
                akka.remote.dot-netty.tcp.port = 0
                roko.mempool.max-transactions = {Math.Max(transactions, 1)}
                roko.mempool.max-per-sender = {Math.Max(transactions, 1)}
                """).WithFallback(config);
            await using var node = RokoNode.Start(nodeConfig);
            node.JoinSelf();
            await node.WaitUntilReadyAsync(Deadline, cancel);

            var done = new TaskCompletionSource<(int Finalized, int Rejected, int Blocks)>(TaskCreationOptions.RunContinuationsAsynchronously);
            var counter = node.System.ActorOf(Props.Create(() => new Counter(txs.Count, done)), "pipeline-counter");
            node.System.EventStream.Subscribe(counter, typeof(ChainStoreProtocol.BlockCommitted));
            node.System.EventStream.Subscribe(counter, typeof(TransactionsDropped));
            var clock = Stopwatch.StartNew();
            foreach (var tx in txs) node.Guardian.Tell(new SubmitTransaction(tx), counter);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Deadline);
            var (finalized, rejected, blocks) = await done.Task.WaitAsync(timeout.Token);
            double seconds = clock.Elapsed.TotalSeconds;
            double rate = finalized / seconds;
            return new PipelineBenchResult(txs.Count, finalized, rejected, blocks, Math.Round(seconds, 3), Math.Round(rate, 1),
                Math.Round(ceiling, 1), Math.Round(rate / ceiling, 3), Environment.ProcessorCount);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static List<Transaction> PreSign(string chainId, IReadOnlyList<SigningKey> accounts, int count)
    {
        var start = NanoMoment.FromDateTime(DateTime.UtcNow).AddNanoseconds(-BacklogNanos);
        var txs = new Transaction[count];
        Parallel.For(0, count, i =>
        {
            var from = accounts[i % accounts.Count];
            var to = accounts[(i + 1) % accounts.Count].PublicKey.ToAddress();
            txs[i] = Transaction.Create(chainId, from, start.AddNanoseconds(i * 1000L), new TransferPayload(to, new Amount(MilliRoko)));
        });
        return [.. txs];
    }

    /// <summary>Signature verifications per second over all cores for <see cref="VerifyMeasurement"/>.</summary>
    private static double MeasureVerifyCeiling(IReadOnlyList<Transaction> txs)
    {
        long verified = 0;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            long mine = 0;
            for (int i = worker; watch.Elapsed < VerifyMeasurement; i = (i + Environment.ProcessorCount) % txs.Count)
            {
                if (txs[i].VerifySignature()) mine++;
            }
            Interlocked.Add(ref verified, mine);
        });
        return verified / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Counts outcomes until every submitted transaction is finalized or refused.</summary>
    private sealed class Counter : ReceiveActor
    {
        private int _finalized, _rejected, _blocks;

        public Counter(int expected, TaskCompletionSource<(int, int, int)> done)
        {
            void Check()
            {
                if (_finalized + _rejected >= expected) done.TrySetResult((_finalized, _rejected, _blocks));
            }
            Receive<TransactionAccepted>(_ => { });
            Receive<TransactionRejected>(_ => { _rejected++; Check(); });
            Receive<TransactionsDropped>(d => { _rejected += d.Dropped.Count; Check(); });
            Receive<ChainStoreProtocol.BlockCommitted>(c =>
            {
                _blocks++;
                _finalized += c.Block.Transactions.Length;
                Check();
            });
        }
    }
}
