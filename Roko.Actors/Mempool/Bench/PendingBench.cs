using System.Diagnostics;
using System.Text.Json.Serialization;
using Akka.Actor;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet.Bench;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes.Bench;
using Roko.Actors.Primitives;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Mempool.Bench;

public sealed record PendingBenchResult(
    [property: JsonPropertyName("requested")] int Requested,
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("refused")] IReadOnlyDictionary<string, int> Refused,
    [property: JsonPropertyName("rss_mb_before")] double ResidentMbBefore,
    [property: JsonPropertyName("rss_mb_holding")] double ResidentMbHolding,
    [property: JsonPropertyName("peak_rss_mb")] double PeakResidentMb,
    [property: JsonPropertyName("managed_heap_mb_holding")] double ManagedHeapMbHolding,
    [property: JsonPropertyName("bytes_per_pending")] double BytesPerPending,
    [property: JsonPropertyName("submit_s")] double SubmitSeconds);

[JsonSerializable(typeof(PendingBenchResult))]
internal sealed partial class PendingBenchJsonContext : JsonSerializerContext;

/// <summary>
/// <c>roko bench pending</c>: the memory of a validator holding many pending transactions. The node is validator 0 of
/// a fresh two-validator chain, started alone, so no block reaches a quorum and every transaction it admits stays
/// pending, as on a validator cut off from its peers. Transfers from 64 genesis accounts are signed in chunks just
/// before they are submitted to the node's mempool actor (the way <c>POST /txs</c> takes; HTTP is left out, it holds
/// nothing). The resident memory (VmRSS, after a full garbage collection) is read before the first submission and while
/// the pool holds them all. Two settings differ from the defaults, both so that a slow host can fill the pool at all:
/// the past window (10 minutes instead of 30 s, so the first transactions have not expired by the time the last are
/// admitted) and admission control's min-pending (above the count asked for, so the pool is not refused as busy while
/// nothing commits). Neither changes what one pending transaction costs.
/// </summary>
public static class PendingBench
{
    private const int Accounts = 64;
    private const int Chunk = 2000;
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);
    private static readonly UInt128 MilliRoko = Amount.BaseUnitsPerRoko / 1000;
    private const double BytesPerMebibyte = 1024 * 1024;

    public static async Task<PendingBenchResult> RunAsync(int transactions, TextWriter progress, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(transactions, 1);
        await using var validator = await LoneValidator.StartAsync("pending", 2, Accounts, $"""
            roko.temporal.window-past = 10m
            roko.mempool.admission.min-pending = {transactions + 1}
            roko.http.enabled = off
            """, cancel);
        var mempool = validator.Status.Mempool ?? throw new InvalidOperationException("the node is ready without a mempool");
        var accounts = validator.Accounts;
        int pid = Environment.ProcessId;
        double before = Settled(pid);
        progress.WriteLine($"bench pending: validator 0 of 2 started alone (no quorum, nothing commits); {before:F0} MiB resident; submitting {transactions}");

        var refused = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        var last = NanoMoment.MinValue;
        for (int start = 0; start < transactions; start += Chunk)
        {
            int count = Math.Min(Chunk, transactions - start);
            var chunk = new Transaction[count];
            for (int i = 0; i < count; i++)
            {
                var now = NanoMoment.FromDateTime(DateTime.UtcNow);
                last = now > last ? now : last.AddNanoseconds(1); // one slot each
                var from = accounts[(start + i) % accounts.Count];
                var to = accounts[(start + i + 1) % accounts.Count].PublicKey.ToAddress();
                chunk[i] = Transaction.Create(validator.Genesis.ChainId, from, last, new TransferPayload(to, new Amount(MilliRoko)));
            }
            var answers = await Task.WhenAll(chunk.Select(tx => mempool.Ask<object>(new SubmitTransaction(tx), AnswerTimeout, cancel)));
            foreach (var answer in answers)
                if (answer is TransactionRejected rejected) refused[rejected.Code.ToString()] = refused.GetValueOrDefault(rejected.Code.ToString()) + 1;
            if ((start / Chunk) % 10 == 9) progress.WriteLine($"bench pending: {start + count} submitted");
        }
        double submitSeconds = watch.Elapsed.TotalSeconds;

        var pool = await mempool.Ask<CurrentMempoolStatus>(GetMempoolStatus.Instance, AnswerTimeout, cancel);
        double holding = Settled(pid);
        double heap = GC.GetTotalMemory(forceFullCollection: false) / BytesPerMebibyte;
        double peak = (ResidentMemory.Peak(pid) ?? 0) / BytesPerMebibyte;
        progress.WriteLine($"bench pending: the pool holds {pool.Pending} at height {pool.Height}; {holding:F0} MiB resident");
        return new PendingBenchResult(transactions, pool.Pending, refused, Round(before), Round(holding), Round(peak), Round(heap),
            pool.Pending == 0 ? 0 : Math.Round((holding - before) * BytesPerMebibyte / pool.Pending), Round(submitSeconds));
    }

    /// <summary>VmRSS in MiB after a full, compacting collection, so garbage waiting to be collected is not counted.</summary>
    private static double Settled(int pid)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (ResidentMemory.Current(pid) ?? throw new InvalidOperationException("no /proc/self/status: resident memory cannot be read here"))
               / BytesPerMebibyte;
    }

    private static double Round(double value) => Math.Round(value, 1);
}
