using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Api;
using Roko.Actors.Archive;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Address = Roko.Actors.Primitives.Address;
using Roko.Actors.Tests.Archive;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Two validators and an archive node (real RokoNodes over Akka.Remote on 127.0.0.1), the archive's journal and read
/// model on SQLite or PostgreSQL: the archive follows the committed blocks the validators gossip, indexes them, and
/// answers the historical query API (over HTTP) with what the validators' chain holds.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ArchiveNodeSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private static readonly Address Recipient = Address.Parse("roko00000000000000000000000000000000000000bb");

    /// <summary>What the archive spec adds over <see cref="ValidatorNetwork.TestHocon"/> (its timings and host-clock settings).</summary>
    private const string ArchiveHocon = """
        akka.persistence.query.journal.sql.refresh-interval = 200ms
        # Only the newest blocks stay in the chain store's memory, so GET /blocks/{h} of an older one reads the read model.
        roko.chain.recent-blocks = 4
        roko.archive.query {
          max-page-size = 10
          default-page-size = 5
          max-bucket = 1h
          max-block-range = 50
        }
        """;

    private readonly TempDirectory _dir = new();
    private readonly List<RokoNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public static TheoryData<string> Providers => ArchiveTestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Archive_should_index_the_committed_chain_and_answer_historical_queries(string provider)
    {
        TestOutputLogger.Sink = line => { try { output.WriteLine(line); } catch (InvalidOperationException) { } };
        await using var db = await ArchiveTestDatabase.CreateAsync(provider);
        try
        {
            await RunAsync(db);
        }
        finally
        {
            await StopNodesAsync(); // before the database goes
        }
    }

    private async Task RunAsync(ArchiveTestDatabase db)
    {
        var baseConfig = ConfigurationFactory.ParseString(ArchiveHocon).WithFallback(ConfigurationFactory.ParseString(ValidatorNetwork.TestHocon))
            .WithFallback(ConfigurationFactory.ParseString(ClusterHarness.TestHocon));
        var layout = new DevnetLayout(_dir.Path);
        var genesis = layout.Create(2, GenesisSettings.Create(ConfigurationFactory.ParseString("roko.genesis { chain-id = \"roko-archive\", accounts = 2 }")
            .WithFallback(baseConfig).WithFallback(RokoConfig.Defaults)), NanoMoment.FromDateTime(DateTime.UtcNow));
        string archiveDir = layout.NodeDir("archive-0");
        KeyFile.Write(Path.Combine(archiveDir, DevnetLayout.KeyFileName), SigningKey.Generate());
        GenesisFile.Write(Path.Combine(archiveDir, DevnetLayout.GenesisFileName), genesis);

        var archiveConfig = RokoConfig.Parse($"""
            roko.node.name = "archive-0"
            roko.node.role = archive
            roko.node.region = na
            roko.node.data-dir = {RokoConfig.Quote(archiveDir)}
            roko.http.enabled = on
            roko.http.port = 0
            {db.NodeHocon}
            """).WithFallback(baseConfig);
        var archive = Start(archiveConfig);
        archive.JoinSelf();
        var v0 = StartValidator(layout, 0, baseConfig);
        v0.Join([archive.Address]);
        await archive.WaitUntilReadyAsync(Generous);
        await v0.WaitUntilReadyAsync(Generous);
        // Both validators are needed for a quorum, so no block is committed before the archive hears validator-0's gossip.
        await Eventually.AwaitAssertAsync(async () =>
        {
            var peers = await archive.System.ActorSelection("/user/node/peers").Ask<CurrentPeers>(GetPeers.Instance, TimeSpan.FromSeconds(5));
            Assert.Contains(peers.Peers, p => p.State == PeerState.Established);
        }, Generous);
        var v1 = StartValidator(layout, 1, baseConfig);
        v1.Join([archive.Address]);
        await v1.WaitUntilReadyAsync(Generous);

        using var http = new HttpClient { BaseAddress = archive.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        var sender = KeyFile.Load(layout.AccountKeyPath(0));
        await AwaitIndexedAsync(http, 2);
        var tx = Transaction.Create(genesis.ChainId, sender, NanoMoment.FromDateTime(DateTime.UtcNow), new TransferPayload(Recipient, Amount.FromRoko(7)));
        (await v0.WaitUntilReadyAsync(Generous)).Mempool!.Tell(new MempoolProtocol.SubmitTransaction(tx));
        JsonElement found = default;
        await Eventually.AwaitAssertAsync(async () =>
        {
            var response = await http.GetAsync($"archive/txs/{tx.Id}");
            Assert.True(response.IsSuccessStatusCode, $"GET archive/txs: {(int)response.StatusCode}");
            found = await BodyAsync(response);
        }, Generous);
        ulong txHeight = found.GetProperty("height").GetUInt64();
        await AwaitIndexedAsync(http, txHeight + 2);

        // A transaction with its block, position and a Merkle proof that verifies against the block's transaction root.
        var proof = found.GetProperty("proof");
        var siblings = proof.GetProperty("siblings").EnumerateArray().Select(s => Hash32.Parse(s.GetString()!)).ToList();
        Assert.True(MerkleTree.Verify(Hash32.Parse(found.GetProperty("transactionRoot").GetString()!), tx.Id,
            new MerkleProof(proof.GetProperty("index").GetInt32(), proof.GetProperty("leafCount").GetInt32(), siblings)));
        Assert.Equal(found.GetProperty("position").GetInt32(), proof.GetProperty("index").GetInt32());

        // Blocks by height range match the validator's own journal, block by block; by hash with the temporal proof.
        var blocks = await GetAsync(http, $"archive/blocks?from=1&to={txHeight + 2}");
        var hashes = blocks.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("block").GetProperty("hash").GetString()).ToList();
        Assert.Equal((int)txHeight + 2, hashes.Count);
        for (ulong h = 1; h <= txHeight + 2; h++)
            Assert.Equal(ChainJournal.FindInFile(v0.Settings.DatabasePath, genesis.ChainId, h)!.Hash.ToString(), hashes[(int)h - 1]);
        var byHash = await GetAsync(http, $"archive/blocks/{found.GetProperty("blockHash").GetString()}");
        Assert.Equal(2, byHash.GetProperty("signatures").GetArrayLength());
        Assert.All(byHash.GetProperty("signatures").EnumerateArray(), s => Assert.NotNull(s.GetProperty("clockLatest").GetString()));

        // Account state at past heights and the account's history, paged with the cursor.
        var before = await GetAsync(http, $"archive/accounts/{Recipient}/state?height={txHeight - 1}");
        var after = await GetAsync(http, $"archive/accounts/{Recipient}/state?height={txHeight}");
        Assert.Equal("0", before.GetProperty("balanceBaseUnits").GetString());
        Assert.Equal(Amount.FromRoko(7).BaseUnits.ToString(), after.GetProperty("balanceBaseUnits").GetString());
        var page1 = await GetAsync(http, $"archive/accounts/{sender.PublicKey.ToAddress()}/history?limit=1");
        Assert.Equal(txHeight, page1.GetProperty("changes")[0].GetProperty("height").GetUInt64());
        Assert.Equal(tx.Id.ToString(), page1.GetProperty("changes")[0].GetProperty("transactions")[0].GetString());
        var page2 = await GetAsync(http, $"archive/accounts/{sender.PublicKey.ToAddress()}/history?limit=1&cursor={page1.GetProperty("nextCursor").GetString()}");
        Assert.Equal(0UL, page2.GetProperty("changes")[0].GetProperty("height").GetUInt64());
        Assert.False(page2.TryGetProperty("nextCursor", out _));

        var validators = await GetAsync(http, "archive/validators?height=1");
        Assert.Equal(2, validators.GetProperty("validators").GetArrayLength());
        var analytics = await GetAsync(http, $"archive/analytics?from=1&to={txHeight + 2}&bucket=1s");
        Assert.Equal((int)txHeight + 2, analytics.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("blocks").GetInt32()));
        Assert.Equal(1, analytics.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("transactions").GetInt32()));

        // Limits and malformed input: 400 naming the field.
        await AssertBadFieldAsync(http, $"archive/accounts/{Recipient}/history?limit=11", "limit", "roko.archive.query.max-page-size");
        await AssertBadFieldAsync(http, "archive/blocks?from=1&to=51", "to", "roko.archive.query.max-block-range");
        await AssertBadFieldAsync(http, "archive/blocks?from=5&to=4", "to", "must not be below");
        await AssertBadFieldAsync(http, "archive/blocks?to=4", "from", "required");
        await AssertBadFieldAsync(http, $"archive/accounts/{Recipient}/history?cursor=xyz", "cursor", "not a cursor");
        await AssertBadFieldAsync(http, "archive/accounts/nobody/state", "address", "");
        await AssertBadFieldAsync(http, "archive/txs/abc", "id", "64 hex digits");
        await AssertBadFieldAsync(http, "archive/analytics?from=1&to=2&bucket=2h", "bucket", "max-bucket");
        Assert.Equal(404, (int)(await http.GetAsync($"archive/accounts/{Recipient}/state?height=999999")).StatusCode);

        // Historical state at sampled heights equals the state replayed from genesis over validator-0's own journal.
        var atGenesis = LedgerState.FromGenesis(genesis);
        var accounts = atGenesis.Balances.Keys.Concat(atGenesis.Stakes.Keys.Select(k => k.ToAddress())).Append(Recipient).Distinct().ToList();
        ulong indexedBefore = (await GetAsync(http, "archive/status")).GetProperty("indexedHeight").GetUInt64();
        await AssertMatchesReplayAsync(http, genesis, v0, indexedBefore, accounts);

        // Stopped abruptly mid-projection (the moment its chain store journals a block, which the indexer reads from the
        // journal only at its next poll), the archive misses blocks; started again on the same journal and read model it
        // gets them by block sync and resumes indexing after its stored offset: no gaps, no duplicates.
        var journaled = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        archive.System.ActorOf(Props.Create(() => new StopOnNextCommit(journaled)));
        ulong journaledAtStop = await journaled.Task.WaitAsync(Generous);
        var archiveAddress = archive.Address;
        await archive.System.WhenTerminated.WaitAsync(Generous);
        ulong? indexedAtStop = await archive.Services.Archive!.Queries.IndexedHeightAsync();
        Akka.Cluster.Cluster.Get(v0.System).Down(archiveAddress);
        ulong stoppedAt = await HeightAsync(v0);
        output.WriteLine($"archive stopped abruptly with block {journaledAtStop} journaled and the read model at height {indexedAtStop}; " +
                         $"validator-0 at height {stoppedAt}");
        await Eventually.AwaitAssertAsync(async () => Assert.True(await HeightAsync(v0) >= stoppedAt + MissedWhileStopped), Generous);
        archive = Start(archiveConfig);
        archive.Join([v0.Address]);
        await archive.WaitUntilReadyAsync(Generous);
        using var restarted = new HttpClient { BaseAddress = archive.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        ulong target = await HeightAsync(v0);
        await AwaitIndexedAsync(restarted, target);
        output.WriteLine($"restarted archive indexed up to height {target} ({target - stoppedAt} blocks journaled while it was down)");
        await AssertMatchesReplayAsync(restarted, genesis, v0, target, accounts);

        // An old block (far outside the chain store's recent blocks) is served from the archive read model.
        var old = await GetAsync(restarted, "blocks/1");
        Assert.Equal(BlockEndpoints.BlockSource.Archive, old.GetProperty("source").GetString());
        Assert.Equal(hashes[0], old.GetProperty("hash").GetString());
    }

    private const ulong MissedWhileStopped = 10;

    /// <summary>Terminates its actor system as soon as the chain store journals the next block, and says which one.</summary>
    private sealed class StopOnNextCommit : ReceiveActor
    {
        public StopOnNextCommit(TaskCompletionSource<ulong> journaled)
        {
            Receive<ChainStoreProtocol.BlockCommitted>(c =>
            {
                Context.System.Terminate();
                journaled.TrySetResult(c.Block.Height);
            });
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
    }

    private static async Task<ulong> HeightAsync(RokoNode node) =>
        (await node.Guardian.Ask<NodeGuardianProtocol.NodeStatus>(NodeGuardianProtocol.GetNodeStatus.Instance, TimeSpan.FromSeconds(5))).Tip!.Height;

    /// <summary>
    /// The archive's read model against <paramref name="validator"/>'s chain replayed from genesis with LedgerTransition:
    /// blocks 1..<paramref name="upTo"/> all there once each with the validator's hashes; at sampled heights every account's
    /// balance and stake and the validator set equal the replayed state's; every account's history lists exactly the
    /// heights at which the replay changed it.
    /// </summary>
    private async Task AssertMatchesReplayAsync(HttpClient http, Genesis genesis, RokoNode validator, ulong upTo, IReadOnlyList<Address> accounts)
    {
        var states = new List<LedgerState> { LedgerState.FromGenesis(genesis) };
        var blocks = new List<Block>();
        foreach (var (sequenceNr, block, problem) in ChainJournal.ReadFile(validator.Settings.DatabasePath, genesis.ChainId).ToList())
        {
            Assert.True(block is not null, $"journal event {sequenceNr}: {problem}");
            var applied = LedgerTransition.Apply(states[^1], block);
            Assert.True(applied.IsValid, $"block {block.Height}: {applied.Error}");
            states.Add(applied.State!);
            blocks.Add(block);
        }
        Assert.True((ulong)blocks.Count >= upTo, $"validator journal holds {blocks.Count} blocks, fewer than {upTo}");

        var indexed = new List<(ulong Height, string Hash)>();
        for (ulong from = 1; from <= upTo; from += 50)
        {
            var page = await GetAsync(http, $"archive/blocks?from={from}&to={Math.Min(from + 49, upTo)}");
            indexed.AddRange(page.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("block"))
                .Select(b => (b.GetProperty("height").GetUInt64(), b.GetProperty("hash").GetString()!)));
        }
        Assert.Equal(Enumerable.Range(1, (int)upTo).Select(h => (ulong)h), indexed.Select(i => i.Height));
        Assert.Equal(blocks.Take((int)upTo).Select(b => b.Hash.ToString()), indexed.Select(i => i.Hash));

        var samples = new SortedSet<ulong> { 0, 1, upTo / 3, upTo / 2, upTo - 1, upTo };
        foreach (ulong h in samples)
        {
            foreach (var address in accounts)
            {
                var state = await GetAsync(http, $"archive/accounts/{address}/state?height={h}");
                Assert.Equal(states[(int)h].BalanceOf(address).BaseUnits.ToString(), state.GetProperty("balanceBaseUnits").GetString());
                Assert.Equal(ArchiveProjection.StakeOf(states[(int)h], address).BaseUnits.ToString(), state.GetProperty("stakeBaseUnits").GetString());
            }
            if (h == 0) continue;
            var set = await GetAsync(http, $"archive/validators?height={h}");
            Assert.Equal(states[(int)h - 1].Validators.Hash.ToString(), set.GetProperty("hash").GetString()); // the set that signs block h
        }
        foreach (var address in accounts)
        {
            var expected = Enumerable.Range(0, (int)upTo + 1).Select(h => (ulong)h).Where(h => h == 0
                ? states[0].BalanceOf(address) != Amount.Zero || ArchiveProjection.StakeOf(states[0], address) != Amount.Zero
                : states[(int)h].BalanceOf(address) != states[(int)h - 1].BalanceOf(address)
                  || ArchiveProjection.StakeOf(states[(int)h], address) != ArchiveProjection.StakeOf(states[(int)h - 1], address));
            var listed = new List<ulong>();
            string? cursor = null;
            do
            {
                var page = await GetAsync(http, $"archive/accounts/{address}/history?limit=10" + (cursor is null ? "" : $"&cursor={cursor}"));
                listed.AddRange(page.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("height").GetUInt64()));
                cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            }
            while (cursor is not null);
            Assert.Equal(expected.Reverse(), listed.Where(h => h <= upTo));
        }
        output.WriteLine($"read model matches the replayed chain: blocks 1..{upTo}, {accounts.Count} accounts at heights [{string.Join(", ", samples)}]");
    }

    private RokoNode StartValidator(DevnetLayout layout, int index, Config baseConfig)
    {
        string name = DevnetLayout.ValidatorName(index);
        return Start(ConfigurationFactory.ParseString($"""
            roko.node.name = {RokoConfig.Quote(name)}
            roko.node.role = validator
            roko.node.region = {DevnetLayout.RegionOf(index)}
            roko.node.data-dir = {RokoConfig.Quote(layout.NodeDir(name))}
            """).WithFallback(baseConfig));
    }

    private RokoNode Start(Config config)
    {
        var node = RokoNode.Start(config);
        _nodes.Add(node);
        return node;
    }

    private static Task AwaitIndexedAsync(HttpClient http, ulong height) =>
        Eventually.AwaitAssertAsync(async () =>
        {
            var status = await GetAsync(http, "archive/status");
            Assert.True(status.TryGetProperty("indexedHeight", out var indexed) && indexed.GetUInt64() >= height,
                $"archive status {status}, waiting for height {height}");
        }, Generous, TimeSpan.FromMilliseconds(200));

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var body = await BodyAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task AssertBadFieldAsync(HttpClient http, string path, string field, string reason)
    {
        var response = await http.GetAsync(path);
        var body = await BodyAsync(response);
        Assert.True((int)response.StatusCode == 400, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains(reason, body.GetProperty("error").GetString());
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        await StopNodesAsync();
        _dir.Dispose();
    }

    private async Task StopNodesAsync()
    {
        foreach (var node in _nodes)
        {
            try
            {
                await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // a node that cannot stop in time is abandoned; the test process ends it
            }
        }
        _nodes.Clear();
    }
}
