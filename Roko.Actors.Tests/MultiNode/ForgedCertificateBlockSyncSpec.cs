using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Roko.Actors.Archive;
using Roko.Actors.Archive.ReadModel;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Sync;
using Roko.Actors.Tests.Builders;
using Xunit;
using Xunit.Abstractions;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// Issue 8's "a block with a forged certificate is refused", between real nodes: beside three running validators a
/// lying peer (an archive node, admitted without stake) serves, from its own journal, the validators' chain with every
/// commit certificate from height 2 on forged in one of three ways. The fourth validator, starting late with an empty
/// chain, asks its peers in turn for block ranges; every answer of the liar is refused with the specific reason
/// (InvalidCommit: non-validator signers, too little stake, or precommits signed over a different block), the liar is
/// skipped for that range, the range comes from an honest validator, and no forged certificate ever enters its chain.
/// BlockSyncSpec covers the same rule for one BlockSync and test-double peers; this spec is the whole path over
/// Akka.Remote: the liar's BlockSync serving from its journal, the overlay's peer list, the syncing node's ChainStore.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ForgedCertificateBlockSyncSpec(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>More than the consensus catch-up window (64 re-sent decisions), so the late validator needs block sync.</summary>
    private const ulong HeadStart = 80;

    /// <summary>roko.sync.max-range of this spec: small, so the late validator sends many requests, some to the liar.</summary>
    private const int MaxRange = 4;

    /// <summary>The late validator's peers: the three running validators and the liar.</summary>
    private const int Peers = 4;

    /// <summary>
    /// Fast heights (one of four validators is missing until the late one starts, so every fourth height waits out
    /// timeout-propose) and small sync ranges with a short cooldown, so the liar is asked again and again while the late
    /// validator syncs (peers are asked in turn). Validators re-send only the last few decisions, so nearly the whole
    /// chain comes by block sync; and the late validator's block sync asks no one until it knows all four peers (the three
    /// validators and the liar): on a loaded host the late validator once synced from the validators alone before its session with the liar
    /// was up, and the liar was never asked.
    /// </summary>
    private static readonly string SpecHocon = $$"""
        roko {
          chain.block-interval = 50ms
          consensus {
            catch-up-heights = 4
            resend-interval = 150ms
            timeout-propose = 150ms
            timeout-propose-delta = 50ms
            timeout-prevote = 100ms
            timeout-prevote-delta = 50ms
            timeout-precommit = 100ms
            timeout-precommit-delta = 50ms
          }
          sync {
            max-range = {{MaxRange}}
            peer-cooldown = 1s
            poll-interval = 200ms
          }
        }
        """;

    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly ValidatorNetwork _network = new(output);
    private RokoNode? _liar;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_liar is not null)
        {
            try
            {
                await _liar.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // a node that cannot stop in time is abandoned; the test process ends it
            }
        }
        await _network.DisposeAsync();
    }

    private enum Forgery
    {
        NonValidatorSigners,
        TooLittleStake,
        SignedOtherBlock,
    }

    /// <summary>
    /// The forgery at a height changes from one range of <see cref="MaxRange"/> to the next; the liar is asked about every
    /// fourth range (peers are asked in turn), so its refused answers come in different kinds.
    /// </summary>
    private static Forgery KindAt(ulong height) => (Forgery)(int)((height - 1) / MaxRange % 3);

    private static string ReasonOf(Forgery kind) => kind switch
    {
        Forgery.NonValidatorSigners => "is not in the validator set",
        Forgery.TooLittleStake => "not more than two thirds",
        _ => "bad precommit signature",
    };

    [Fact]
    public async Task A_syncing_validator_should_refuse_blocks_with_forged_certificates_and_take_them_from_an_honest_peer()
    {
        await _network.StartAsync(4, hocon: ConfigurationFactory.ParseString(SpecHocon), running: 3,
            hoconOf: i => i == 3 ? $"roko.sync.min-peers = {Peers}" : null);
        await _network.AwaitHeightAsync(HeadStart, TimeSpan.FromSeconds(120));

        // The liar's journal: validator-0's chain so far, certificates from height 2 on forged; a snapshot of the (honest)
        // ledger state at its head, as a real node takes them, so the liar itself recovers without re-checking them.
        var validatorKeys = Enumerable.Range(0, 4)
            .Select(i => KeyFile.Load(Path.Combine(_network.Layout.NodeDir(DevnetLayout.ValidatorName(i)), DevnetLayout.KeyFileName))).ToList();
        var honest = ChainJournal.ReadFile(_network.Nodes[0].Node.Settings.DatabasePath, _network.Genesis.ChainId)
            .Select(e => e.Block ?? throw new InvalidOperationException(e.DecodeProblem)).ToList();
        var state = LedgerState.FromGenesis(_network.Genesis);
        foreach (var block in honest) state = LedgerTransition.Apply(state, block).State!;
        var forged = honest.Select(b => b.Height < 2 ? b : b with { Commit = Forge(b, KindAt(b.Height), validatorKeys) }).ToList();
        Assert.All(forged.Skip(1), b => Assert.Contains(ReasonOf(KindAt(b.Height)), b.Commit.Verify(b.Header, state.Validators) ?? "verifies"));
        ulong liarHead = forged[^1].Height;

        string liarDir = _network.Layout.NodeDir("liar-archive");
        await PrepareLiarAsync(liarDir, forged, state);
        _liar = RokoNode.Start(ConfigurationFactory.ParseString($"""
            roko.node.name = "liar-archive"
            roko.node.role = archive
            roko.node.region = na
            roko.node.data-dir = {RokoConfig.Quote(liarDir)}
            """).WithFallback(_network.BaseConfig));
        _liar.Join([_network.Running.First().Node.Address]);
        await _liar.WaitUntilReadyAsync(Generous);
        var liarId = _liar.Address.ToString();
        output.WriteLine($"liar {liarId} serves heights 1..{liarHead}, certificates forged from height 2 on");

        var late = await _network.StartLateAsync(3);
        await _network.AwaitHeightAsync(liarHead + 5, Generous, [late]);
        var refusals = late.SyncRefusals.ToList();
        foreach (var r in refusals) output.WriteLine($"refused {r.Peer}: {r.Refusal}");
        output.WriteLine($"{late} reached height {liarHead + 5}; forgeries refused: " +
                         string.Join(", ", refusals.GroupBy(r => KindAt(r.Refusal.Height)).Select(g => $"{g.Key} x{g.Count()}")));

        Assert.NotEmpty(refusals);
        Assert.All(refusals, r =>
        {
            Assert.Equal(liarId, r.Peer.Value);
            Assert.Equal(SyncRefusalReason.InvalidCommit, r.Refusal.Reason);
            Assert.InRange(r.Refusal.Height, 2UL, liarHead);
            Assert.Contains(ReasonOf(KindAt(r.Refusal.Height)), r.Refusal.Detail);
        });
        // Every block the late validator holds up to the liar's head is the honest one, byte for byte: each forged range
        // was fetched again from an honest validator.
        for (ulong h = 1; h <= liarHead; h++)
        {
            Assert.True(late.Committed.TryGetValue(h, out var held), $"{late} committed no block at height {h}");
            Assert.Equal(honest[(int)h - 1].Encode(), held!.Encode());
        }

        var verdicts = await _network.StopAndVerifyChainsAsync();
        Assert.All(verdicts, v => Assert.True(v.VerifiedHeight >= liarHead, v.ToString()));
    }

    /// <summary>A certificate for <paramref name="block"/> that does not prove it, forged the given way.</summary>
    private static CommitCertificate Forge(Block block, Forgery kind, IReadOnlyList<SigningKey> validators)
    {
        var h = block.Header;
        var clock = block.Commit.Signatures[0].Clock;
        return kind switch
        {
            Forgery.NonValidatorSigners => BlockBuilder.Commit(h, Enumerable.Range(0, 4).Select(i => SigningKey.FromSeed($"forger-{i}")), block.Commit.Round),
            Forgery.TooLittleStake => BlockBuilder.Commit(h, [validators[0]], block.Commit.Round),
            // Three of four validators' real precommits, but for another block (the previous one's hash) at this height.
            _ => new CommitCertificate(h.Height, block.Commit.Round, h.Hash, [.. validators.Take(3)
                .Select(k => Vote.Create(VoteType.Precommit, h.ChainId, h.Height, block.Commit.Round, h.PreviousHash, clock, k))
                .Select(v => new CommitSignature(v.Validator, v.Clock, v.Signature)).OrderBy(s => s.Validator)]),
        };
    }

    /// <summary>Writes the liar's node files, its journal (the forged blocks and a snapshot of <paramref name="head"/>) and its read model's offset.</summary>
    private async Task PrepareLiarAsync(string dir, IReadOnlyList<Block> blocks, LedgerState head)
    {
        Directory.CreateDirectory(dir);
        KeyFile.Write(Path.Combine(dir, DevnetLayout.KeyFileName), SigningKey.Generate());
        GenesisFile.Write(Path.Combine(dir, DevnetLayout.GenesisFileName), _network.Genesis);
        var config = ConfigurationFactory.ParseString(RokoConfig.SqliteAt(new NodeSettings("liar-archive", NodeRole.Archive, "na", dir, DevnetLayout.KeyFileName, DevnetLayout.GenesisFileName).DatabasePath) + "\nakka.loglevel = WARNING")
            .WithFallback(RokoConfig.Defaults);
        var system = ActorSystem.Create("liar-journal", config);
        try
        {
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(ChainJournal.PersistenceIdOf(_network.Genesis.ChainId), blocks, head)));
            Assert.IsType<SaveSnapshotSuccess>(await writer.Ask<object>(JournalWriter.Write.Instance, Generous));
        }
        finally
        {
            await system.Terminate();
        }
        // The liar's indexer resumes after its head instead of projecting (and refusing) the forged blocks.
        await using var readModel = ReadModelDatabase.Sqlite(Path.Combine(dir, ArchiveSettings.ReadModelFile));
        var archive = new ArchiveWriter(readModel, ChainJournal.PersistenceIdOf(_network.Genesis.ChainId));
        await archive.CreateSchemaAsync();
        Assert.True(await archive.WriteAsync(new BlockProjection(null, [], [], [], null, head), (long)head.Height));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Journals the given blocks under the chain's persistence id, then snapshots the state after them.</summary>
    private sealed class JournalWriter : ReceivePersistentActor
    {
        public sealed record Write
        {
            public static Write Instance { get; } = new();
        }

        private IActorRef _replyTo = ActorRefs.Nobody;

        public JournalWriter(string persistenceId, IReadOnlyList<Block> blocks, LedgerState head)
        {
            PersistenceId = persistenceId;
            Command<Write>(_ =>
            {
                _replyTo = Sender;
                PersistAll(blocks, b =>
                {
                    if (b.Height == head.Height) SaveSnapshot(head);
                });
            });
            Command<SaveSnapshotSuccess>(ok => _replyTo.Tell(ok));
            Command<SaveSnapshotFailure>(failed => _replyTo.Tell(failed));
        }

        public override string PersistenceId { get; }
    }
}
