using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Akka.Actor;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using Roko.Actors.Sync;
using Roko.Actors.Tests.Api;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Tests.Api.ApiRequests;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue #14's must-show for supervision: in a 4-validator network over TCP under a few transactions a second, one
/// validator's propagator, mempool router and consensus driver are each killed (its guardian restarts them), one after
/// the other on one network. After each restart the validator still commits blocks, and with the component restarted
/// it still does that component's work: it hears gossip and votes (its proposals carry transactions gossiped to it, its
/// precommits are in certificates), its mempool follows the current tip and fills its proposals, its consensus runs at
/// the new heights. Every transaction its HTTP API accepted (202) ends with a status that agrees with its chain:
/// finalized at the height of the block that holds it, or rejected with the reason (a pending one lost in the mempool's
/// restart is reported as such), never pending for ever or unknown. The consensus round of a height is killed after it
/// voted there, and then the consensus driver: both resume the height from the signing record (docs/consensus.md
/// §Signing record), so no validator ever sees a double signature.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class SupervisedRestartsSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BlocksAfterRestart = 5;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly Roko.Actors.Primitives.Address Recipient = Roko.Actors.Primitives.Address.Parse("roko00000000000000000000000000000000000000bb");

    private readonly ValidatorNetwork _network = new(output);
    private TransactionLoad? _load;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_load is not null) await _load.DisposeAsync();
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task Validator_should_keep_committing_without_double_signing_and_answer_transaction_status_when_its_propagator_peer_manager_mempool_round_and_driver_restart_under_load()
    {
        var watch = Stopwatch.StartNew();
        await _network.StartAsync(4, hoconOf: i => i == 0 ? "roko.http { enabled = on, port = 0 }\nroko.network.ddos.http { rate-per-second = 100000, burst = 100000 }" : null);
        var node = _network.Nodes[0];
        var key = node.Node.Services.NodeKey.PublicKey;
        await _network.AwaitHeightAsync(2, Generous);
        _load = TransactionLoad.Start(_network, node, _network.Nodes[1]);
        output.WriteLine($"network up and committing after {watch.Elapsed.TotalSeconds:F1} s; load: 3 tx/s through {node}'s HTTP API, 1.5 tx/s through {_network.Nodes[1]}");

        // The propagator: its subscribers (mempool, consensus) must not go deaf.
        var (killed, at) = await RestartAsync(node, "propagator");
        await Eventually.AwaitAssertAsync(() => Assert.Contains(node.Committed.Values, b => b.Height > killed && b.Header.Proposer == key
            && b.Transactions.Any(tx => _load.Gossiped(after: at).Contains(tx.Id))), Generous);
        await Eventually.AwaitAssertAsync(() => Assert.Contains(node.Committed.Values, b => b.Height > killed + 1
            && b.Commit.Signatures.Any(s => s.Validator == key)), Generous);
        output.WriteLine($"  {node} proposed a block with a transaction gossiped to it after the restart, and precommitted a block");

        // The peer manager: its sessions are rebuilt, and the envelopes they admit still go straight to the propagator
        // (the propagator's subscription passes to the next incarnation), so transactions gossiped to the node reach its pool.
        (killed, at) = await RestartAsync(node, "peers");
        await Eventually.AwaitAssertAsync(() => Assert.Contains(node.Committed.Values, b => b.Height > killed && b.Header.Proposer == key
            && b.Transactions.Any(tx => _load.Gossiped(after: at).Contains(tx.Id))), Generous);
        output.WriteLine($"  after the peer manager's restart {node} proposed a block with a transaction gossiped to it since");

        // The mempool router: rebuilt from the chain's current tip, it admits, gossips and fills this node's proposals again.
        // A transaction signed a second ahead is surely pending when the pool is killed: its loss must be reported.
        var dropped = new ConcurrentQueue<MempoolProtocol.TransactionRejected>();
        var recorder = node.Node.System.ActorOf(Props.Create(() => new DropRecorder(dropped)), "drop-recorder");
        node.Node.System.EventStream.Subscribe(recorder, typeof(MempoolProtocol.TransactionsDropped)); // now, before the kill
        var ahead = await _load.SubmitAheadAsync(TimeSpan.FromSeconds(1));
        (killed, at) = await RestartAsync(node, "mempool");
        var report = await FirstAsync(dropped, d => d.Id == ahead);
        Assert.Equal(AdmissionCode.MempoolRestarted, report.Code);
        output.WriteLine($"  {dropped.Count(d => d.Code == AdmissionCode.MempoolRestarted)} pending transaction(s) reported lost, e.g. {ahead.Short}: {report.Reason}");
        var pool = await node.Node.System.ActorSelection("/user/node/mempool")
            .Ask<MempoolProtocol.CurrentMempoolStatus>(MempoolProtocol.GetMempoolStatus.Instance, AskTimeout);
        Assert.True(pool.Height >= killed, $"the restarted mempool is at height {pool.Height}, the chain was at {killed} when it was killed");
        await Eventually.AwaitAssertAsync(() => Assert.Contains(node.Committed.Values, b => b.Height > killed && b.Header.Proposer == key
            && b.Transactions.Any(tx => _load.ThroughHttp(after: at).Contains(tx.Id))), Generous);
        await Eventually.AwaitAssertAsync(() => Assert.Contains(node.Committed.Values, b => b.Height > killed && b.Header.Proposer == key
            && b.Transactions.Any(tx => _load.Gossiped(after: at).Contains(tx.Id))), Generous);
        output.WriteLine($"  the restarted mempool followed the tip (height {pool.Height}); {node} proposed a block with transactions submitted to it " +
                         "and gossiped to it after the restart");

        // The consensus round, killed after it voted in its height: restarted by the driver, it resumes from the signing
        // record and signs nothing that conflicts with what it signed before.
        var round = await KillRoundAfterItVotedAsync(node);
        await _network.AwaitHeightAsync(round.Height + BlocksAfterRestart, Generous, [node]);
        output.WriteLine($"  killed the round of height {round.Height} of {node} in round {round.Round} at step {round.Step}; the chain went on");

        // The consensus driver: back at the chain store's tip, it runs the next heights and its rounds commit blocks
        // (not only block sync: it applied fewer than the blocks committed meanwhile).
        ulong syncedBefore = await SyncedAsync(node);
        (killed, _) = await RestartAsync(node, "consensus");
        ulong synced = await SyncedAsync(node) - syncedBefore, committed = await ValidatorNetwork.HeightAsync(node) - killed;
        Assert.True(synced < committed, $"all {committed} blocks since the driver's restart came by block sync");
        // Asked again when it falls between two heights (no round then to answer).
        ConsensusDriverProtocol.CurrentConsensusState? state = null;
        await Eventually.AwaitAssertAsync(async () => state = await node.Node.System.ActorSelection("/user/node/consensus")
            .Ask<ConsensusDriverProtocol.CurrentConsensusState>(ConsensusDriverProtocol.GetConsensusState.Instance, TimeSpan.FromSeconds(1)), Generous);
        Assert.True(state!.Height >= killed + BlocksAfterRestart, $"consensus of {node} at height {state.Height}, killed at {killed}");
        output.WriteLine($"  the restarted consensus driver runs height {state.Height}; of the {committed} blocks committed since, {synced} came by block sync");

        // Neither restart made the validator sign twice: no node saw a double signature.
        Assert.All(_network.Nodes, n => Assert.Empty(n.Evidence));

        await _load.DisposeAsync();
        await AwaitStatusesAsync(node);
        await _network.StopAndVerifyChainsAsync();
        output.WriteLine($"spec took {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<ulong> SyncedAsync(ValidatorNetwork.Validator node) =>
        (await node.Node.System.ActorSelection(NodeGuardian.BlockSyncPath)
            .Ask<BlockSyncProtocol.CurrentSyncStatus>(BlockSyncProtocol.GetSyncStatus.Instance, AskTimeout)).BlocksApplied;

    private static async Task<T> FirstAsync<T>(ConcurrentQueue<T> items, Func<T, bool> match) where T : class
    {
        T? found = null;
        await Eventually.AwaitAssertAsync(() => Assert.NotNull(found = items.FirstOrDefault(match)), Generous);
        return found!;
    }

    /// <summary>Keeps every transaction in the drop notices it is sent (those the status tracker reads).</summary>
    private sealed class DropRecorder : ReceiveActor
    {
        public DropRecorder(ConcurrentQueue<MempoolProtocol.TransactionRejected> dropped) =>
            Receive<MempoolProtocol.TransactionsDropped>(e =>
            {
                foreach (var d in e.Dropped) dropped.Enqueue(d);
            });
    }

    /// <summary>Kills the node's consensus round once it is past the propose step of its height (so it has prevoted there).</summary>
    private static async Task<ConsensusDriverProtocol.CurrentConsensusState> KillRoundAfterItVotedAsync(ValidatorNetwork.Validator node)
    {
        ConsensusDriverProtocol.CurrentConsensusState? state = null;
        await Eventually.AwaitAssertAsync(async () =>
        {
            state = await node.Node.System.ActorSelection("/user/node/consensus")
                .Ask<ConsensusDriverProtocol.CurrentConsensusState>(ConsensusDriverProtocol.GetConsensusState.Instance, TimeSpan.FromSeconds(1));
            Assert.True(state.Step != ConsensusStep.Propose, $"height {state.Height} is at step {state.Step}");
        }, Generous, TimeSpan.FromMilliseconds(20));
        node.Node.System.ActorSelection($"/user/node/consensus/height-{state!.Height}").Tell(Kill.Instance);
        return state;
    }

    /// <summary>Kills a child of the node's guardian (which restarts it) and waits until the node committed blocks past it.</summary>
    private async Task<(ulong Height, TimeSpan At)> RestartAsync(ValidatorNetwork.Validator node, string child)
    {
        ulong height = await ValidatorNetwork.HeightAsync(node);
        var at = _load!.Elapsed;
        node.Node.System.ActorSelection("/user/node/" + child).Tell(Kill.Instance);
        var took = await _network.AwaitHeightAsync(height + BlocksAfterRestart, Generous, [node]);
        output.WriteLine($"killed /user/node/{child} of {node} at height {height}: {BlocksAfterRestart} more blocks committed {took.TotalMilliseconds:F0} ms later");
        return (height, at);
    }

    /// <summary>
    /// Every transaction the node's API accepted ends finalized at the height of the block of its chain that holds it, or
    /// rejected with a code and a reason while none of its blocks holds it; none stays pending, none is unknown.
    /// </summary>
    private async Task AwaitStatusesAsync(ValidatorNetwork.Validator node)
    {
        var accepted = _load!.ThroughHttp(after: TimeSpan.Zero);
        using var http = new HttpClient { BaseAddress = node.Node.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        var outcomes = new Dictionary<Hash32, JsonElement>();
        var took = await Eventually.AwaitAssertAsync(async () =>
        {
            var heldAt = node.Committed.Values.SelectMany(b => b.Transactions.Select(tx => (tx.Id, b.Height))).ToDictionary(p => p.Id, p => p.Height);
            foreach (var id in accepted)
            {
                using var response = await http.GetAsync("txs/" + id);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /txs/{id}: {(int)response.StatusCode}");
                var body = await BodyAsync(response);
                string status = body.GetProperty("status").GetString()!;
                if (status == "finalized")
                    Assert.True(heldAt.TryGetValue(id, out ulong h) && h == body.GetProperty("height").GetUInt64(),
                        $"{id} finalized at {body.GetProperty("height")} but the chain holds it at {(heldAt.TryGetValue(id, out ulong at) ? at : "no height")}");
                else
                {
                    Assert.True(status == "rejected", $"{id} is still {status}");
                    Assert.False(heldAt.ContainsKey(id), $"{id} is rejected but the chain holds it");
                    Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("reason").GetString()), $"{id} is rejected without a reason");
                }
                outcomes[id] = body;
            }
        }, Generous, TimeSpan.FromMilliseconds(500));
        var byOutcome = outcomes.Values.GroupBy(o => o.GetProperty("status").GetString() == "finalized" ? "finalized" : "rejected " + o.GetProperty("code").GetString())
            .Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"load: {_load.Sent} transfers sent in {_load.Elapsed.TotalSeconds:F1} s; " +
                         $"{accepted.Count} accepted (202) by {node}'s API, settled {took.TotalMilliseconds:F0} ms after the load stopped: " +
                         string.Join(", ", byOutcome) + $"; {_load.Refused} submission(s) refused");
        Assert.True(outcomes.Values.Count(o => o.GetProperty("status").GetString() == "finalized") > accepted.Count / 2,
            "most accepted transactions should have been finalized");
    }

    /// <summary>
    /// A few transfers a second: two of three through the restarted node's HTTP API (POST /txs), one through another
    /// validator (its guardian), alternating between the genesis accounts, each signed when it is sent.
    /// </summary>
    private sealed class TransactionLoad : IAsyncDisposable
    {
        private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(220);
        private readonly CancellationTokenSource _stop = new();
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly ConcurrentQueue<(Hash32 Id, TimeSpan At)> _throughHttp = new();
        private readonly ConcurrentQueue<(Hash32 Id, TimeSpan At)> _gossiped = new();
        private Task _running = Task.CompletedTask;
        private int _refused;
        private int _sent;
        private bool _disposed;
        private ValidatorNetwork _network = null!;
        private HttpClient _client = null!;
        private SigningKey[] _keys = [];

        public TimeSpan Elapsed => _watch.Elapsed;
        public int Refused => Volatile.Read(ref _refused);
        public int Sent => Volatile.Read(ref _sent);

        /// <summary>Accepted (202) by the node's API, sent after <paramref name="after"/>.</summary>
        public IReadOnlySet<Hash32> ThroughHttp(TimeSpan after) => _throughHttp.Where(t => t.At >= after).Select(t => t.Id).ToHashSet();

        /// <summary>Accepted by the other validator (and gossiped from there), sent after <paramref name="after"/>.</summary>
        public IReadOnlySet<Hash32> Gossiped(TimeSpan after) => _gossiped.Where(t => t.At >= after).Select(t => t.Id).ToHashSet();

        public static TransactionLoad Start(ValidatorNetwork network, ValidatorNetwork.Validator http, ValidatorNetwork.Validator other)
        {
            var load = new TransactionLoad
            {
                _network = network,
                _client = new HttpClient { BaseAddress = http.Node.HttpAddress, Timeout = TimeSpan.FromSeconds(30) },
                _keys = [KeyFile.Load(network.Layout.AccountKeyPath(0)), KeyFile.Load(network.Layout.AccountKeyPath(1))],
            };
            load._running = Task.Run(() => load.RunAsync(other));
            return load;
        }

        private Transaction Transfer(long n, TimeSpan ahead = default)
        {
            Interlocked.Increment(ref _sent);
            return Transaction.Create(_network.Genesis.ChainId, _keys[n % _keys.Length], NanoMoment.FromDateTime(DateTime.UtcNow + ahead),
                new TransferPayload(Recipient, Amount.FromRoko(1)));
        }

        /// <summary>One transfer signed <paramref name="ahead"/> in the future through the API (pending until then); its id.</summary>
        public async Task<Hash32> SubmitAheadAsync(TimeSpan ahead)
        {
            var tx = Transfer(0, ahead);
            var at = Elapsed;
            using var response = await _client.PostAsync("txs", Json(tx));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            _throughHttp.Enqueue((tx.Id, at));
            return tx.Id;
        }

        private async Task RunAsync(ValidatorNetwork.Validator other)
        {
            for (long n = 0; !_stop.IsCancellationRequested; n++)
            {
                var tx = Transfer(n);
                var at = Elapsed;
                try
                {
                    if (n % 3 == 2)
                    {
                        var answer = await other.Node.System.ActorSelection("/user/node/mempool").Ask<object>(new MempoolProtocol.SubmitTransaction(tx), AskTimeout, _stop.Token);
                        if (answer is MempoolProtocol.TransactionAccepted) _gossiped.Enqueue((tx.Id, at));
                        else Interlocked.Increment(ref _refused);
                    }
                    else
                    {
                        using var response = await _client.PostAsync("txs", Json(tx), _stop.Token);
                        if (response.StatusCode == HttpStatusCode.Accepted) _throughHttp.Enqueue((tx.Id, at));
                        else Interlocked.Increment(ref _refused);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or AskTimeoutException or HttpRequestException)
                {
                    if (!_stop.IsCancellationRequested) Interlocked.Increment(ref _refused);
                }
                try
                {
                    await Task.Delay(Period, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // stopped
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed) return;
            _disposed = true;
            await _stop.CancelAsync();
            await _running;
            _stop.Dispose();
            _client.Dispose();
        }
    }
}
