using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Tests.Chaos;

/// <summary>
/// The chaos suite's load generator: signed transfers POSTed to a random running node at a steady rate, and the
/// outcomes it was told. A transaction counts as acknowledged final only when a node answered GET /txs/{id} with
/// status "finalized" — those, and only those, must be in every chain afterwards.
/// </summary>
public sealed class ChaosLoad : IAsyncDisposable
{
    private readonly ChaosNetwork _network;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Hash32, Transaction> _accepted = new();
    private readonly ConcurrentDictionary<Hash32, ulong> _finalized = new();
    private readonly Random _random = new(7);
    private readonly Task _submitting;
    private readonly Task _polling;
    private long _lastTimestamp;
    private long _refused;
    private long _unanswered;

    public ChaosLoad(ChaosNetwork network, double txPerSecond)
    {
        _network = network;
        _interval = TimeSpan.FromSeconds(1 / txPerSecond);
        _submitting = Task.Run(SubmitLoop);
        _polling = Task.Run(PollLoop);
    }

    /// <summary>Transactions a node accepted into its mempool (202).</summary>
    public int Accepted => _accepted.Count;
    /// <summary>Transactions a node said were finalized, with the height it named.</summary>
    public IReadOnlyDictionary<Hash32, ulong> Finalized => _finalized;
    public long Refused => Interlocked.Read(ref _refused);
    public long Unanswered => Interlocked.Read(ref _unanswered);

    private async Task SubmitLoop()
    {
        var to = _network.Accounts[0].PublicKey.ToAddress();
        while (!_stop.IsCancellationRequested)
        {
            var running = _network.Running.ToList();
            if (running.Count > 0)
            {
                var node = running[_random.Next(running.Count)];
                var key = _network.Accounts[1 + _random.Next(_network.Accounts.Count - 1)];
                var tx = Transaction.Create(_network.Genesis.ChainId, key, NextTimestamp(), new TransferPayload(to, Amount.Parse("0.001 ROKO")));
                await SubmitAsync(node, tx);
            }
            try { await Task.Delay(_interval, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>The signing moment: now, but never the same nanosecond twice (one transaction per slot).</summary>
    private NanoMoment NextTimestamp()
    {
        long now = NanoMoment.FromDateTime(DateTime.UtcNow).UnixNanoseconds;
        long next = Math.Max(now, _lastTimestamp + 1);
        _lastTimestamp = next;
        return new NanoMoment(next);
    }

    private async Task SubmitAsync(ChaosNode node, Transaction tx)
    {
        var body = new
        {
            chainId = tx.ChainId,
            signer = tx.Signer.ToString(),
            timestamp = tx.Timestamp.ToString(),
            kind = "transfer",
            to = ((TransferPayload)tx.Payload).To.ToString(),
            amount = ((TransferPayload)tx.Payload).Amount.ToString(),
            signature = tx.Signature.ToString(),
        };
        try
        {
            using var response = await _network.Http.PostAsJsonAsync(new Uri(node.Http, "/txs"), body, _stop.Token);
            if (response.StatusCode == HttpStatusCode.Accepted) _accepted[tx.Id] = tx;
            else Interlocked.Increment(ref _refused);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // The node died under us (the point of the suite) or the test is ending: the outcome is unknown, so the
            // transaction is neither counted accepted nor required in the chain.
            Interlocked.Increment(ref _unanswered);
        }
    }

    private async Task PollLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var id in _accepted.Keys.Where(id => !_finalized.ContainsKey(id)).Take(200).ToList())
            {
                var running = _network.Running.ToList();
                if (running.Count == 0 || _stop.IsCancellationRequested) break;
                var node = running[_random.Next(running.Count)];
                try
                {
                    using var response = await _network.Http.GetAsync(new Uri(node.Http, $"/txs/{id}"), _stop.Token);
                    if (!response.IsSuccessStatusCode) continue;
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_stop.Token));
                    if (json.RootElement.GetProperty("status").GetString() == "finalized")
                        _finalized[id] = json.RootElement.GetProperty("height").GetUInt64();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    // asked a node that is going down; another poll will ask another
                }
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>The transaction a node accepted under <paramref name="id"/>.</summary>
    public Transaction AcceptedTransaction(Hash32 id) => _accepted[id];

    /// <summary>Stops submitting, keeps polling for <paramref name="settle"/> so in-flight transactions can be acknowledged, then stops.</summary>
    public async Task StopAsync(TimeSpan settle)
    {
        var submittingStop = Task.Delay(settle);
        await submittingStop;
        await _stop.CancelAsync();
        await Task.WhenAll(_submitting, _polling);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        try { await Task.WhenAll(_submitting, _polling); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
