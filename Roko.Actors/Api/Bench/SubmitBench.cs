using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes.Bench;
using Roko.Actors.Primitives;

namespace Roko.Actors.Api.Bench;

public sealed record SubmitBenchResult(
    [property: JsonPropertyName("transactions")] int Transactions,
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("refused")] int Refused,
    [property: JsonPropertyName("p50_ms")] double P50Milliseconds,
    [property: JsonPropertyName("p90_ms")] double P90Milliseconds,
    [property: JsonPropertyName("p99_ms")] double P99Milliseconds,
    [property: JsonPropertyName("mean_ms")] double MeanMilliseconds,
    [property: JsonPropertyName("max_ms")] double MaxMilliseconds,
    [property: JsonPropertyName("cores")] int Cores);

[JsonSerializable(typeof(SubmitBenchResult))]
internal sealed partial class SubmitBenchJsonContext : JsonSerializerContext;

/// <summary>
/// <c>roko bench submit</c>: the round trip of one <c>POST /txs</c> on a real node — Kestrel, the request's checks, the
/// way to the mempool, admission (signature, account, slot) and the answer — one request at a time, so the figure is
/// latency, not throughput. The node is a single validator of a fresh chain in a temporary directory, on loopback, with
/// the default settings except the clock (the host clock with an assumed ±10 ms, as on a devnet) and the HTTP rate
/// limit (every request comes from 127.0.0.1). Each transfer is signed just before its request, outside the timing.
/// </summary>
public static class SubmitBench
{
    private const int Accounts = 64;
    private const int WarmUp = 200;
    private static readonly UInt128 MilliRoko = Amount.BaseUnitsPerRoko / 1000;

    // Every request comes from 127.0.0.1: the HTTP rate limit must not be what is measured.
    private const string BenchHocon = """
        roko.network.ddos.http { rate-per-second = 1000000, burst = 1000000 }
        roko.http { enabled = on, host = "127.0.0.1", port = 0 }
        """;

    public static async Task<SubmitBenchResult> RunAsync(int transactions, TextWriter progress, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(transactions, 1);
        await using var validator = await LoneValidator.StartAsync("submit", 1, Accounts, BenchHocon, cancel);
        var address = validator.Node.HttpAddress ?? throw new InvalidOperationException("the node started without its HTTP API");
        progress.WriteLine($"bench submit: one validator ready, POST {address}txs");

        using var client = new HttpClient { BaseAddress = address };
        string chainId = validator.Genesis.ChainId;
        for (int i = 0; i < WarmUp; i++) await SubmitAsync(client, chainId, validator.Accounts, i, cancel);
        var rounds = new double[transactions];
        int accepted = 0;
        for (int i = 0; i < transactions; i++)
        {
            var (code, elapsed) = await SubmitAsync(client, chainId, validator.Accounts, WarmUp + i, cancel);
            rounds[i] = elapsed.TotalMilliseconds;
            if (code == HttpStatusCode.Accepted) accepted++;
        }
        Array.Sort(rounds);
        progress.WriteLine($"bench submit: {transactions} requests after {WarmUp} to warm up; {accepted} accepted");
        return new SubmitBenchResult(transactions, accepted, transactions - accepted, Round(Percentile(rounds, 0.50)),
            Round(Percentile(rounds, 0.90)), Round(Percentile(rounds, 0.99)), Round(rounds.Average()), Round(rounds[^1]),
            Environment.ProcessorCount);
    }

    /// <summary>Signs the <paramref name="index"/>th transfer now (untimed), then times its POST until the answer's body is read.</summary>
    private static async Task<(HttpStatusCode Code, TimeSpan Elapsed)> SubmitAsync(HttpClient client, string chainId,
        IReadOnlyList<SigningKey> accounts, int index, CancellationToken cancel)
    {
        var from = accounts[index % accounts.Count];
        var to = accounts[(index + 1) % accounts.Count].PublicKey.ToAddress();
        var tx = Transaction.Create(chainId, from, NanoMoment.FromDateTime(DateTime.UtcNow), new TransferPayload(to, new Amount(MilliRoko)));
        using var content = JsonContent.Create(TransactionRequestMapping.ToRequest(tx), ApiJsonContext.Default.TransactionRequest);
        await content.LoadIntoBufferAsync(cancel);
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("txs", content, cancel);
        await response.Content.ReadAsByteArrayAsync(cancel);
        return (response.StatusCode, watch.Elapsed);
    }

    private static double Percentile(double[] sorted, double quantile) => NearestRank.Of(sorted, quantile);

    private static double Round(double milliseconds) => Math.Round(milliseconds, 3);
}
