using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Sync;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Sync.BlockSyncProtocol;

namespace Roko.Actors.Tests.Sync;

/// <summary>
/// One BlockSync over a real ChainStore (SQLite in a temp file). Peers are test actors that answer range requests from
/// a prepared chain, signed with the key their handshake would have proved (<see cref="PeerKey"/>), some of them with a
/// tampered certificate or a bad signature; and the serving side reads a real journal and signs with its node key.
/// </summary>
public sealed class BlockSyncSpec : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TempDirectory Dir = new();
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly SyncSettings Settings = new(true, MaxRange: 4, MaxRangeBytes: 1 << 20, RequestTimeout: TimeSpan.FromSeconds(2),
        PollInterval: TimeSpan.FromMilliseconds(100), PeerCooldown: TimeSpan.FromMinutes(5), MinPeers: 1);
    private static readonly ChainStoreSettings StoreSettings = new(SnapshotEvery: 5, SnapshotsKept: 2, RecentBlocks: 4);
    private readonly TestChain _chain = Build.Chain().WithValidators(4).Build();
    private readonly List<Block> _blocks = [];
    private static readonly SigningKey OwnKey = SigningKey.FromSeed("block-sync-spec/own");

    public BlockSyncSpec() : base(ConfigurationFactory.ParseString(RokoConfig.SqliteAt(Dir.Combine($"sync-{Guid.NewGuid():N}.db")))
        .WithFallback(RokoConfig.Defaults))
    {
        var state = _chain.State;
        for (int i = 0; i < 10; i++)
        {
            var block = _chain.NextBlock(state).Seal();
            _blocks.Add(block);
            state = LedgerTransition.Apply(state, block).State!;
        }
    }

    /// <summary>The node key a test peer's handshake proves.</summary>
    private static SigningKey PeerKey(PeerId peer) => SigningKey.FromSeed("block-sync-spec/" + peer.Value);

    /// <summary>
    /// A peer's BlockSync as a test double: answers from <paramref name="blocks"/>, changed by <paramref name="tamper"/>,
    /// signed by <paramref name="key"/>; <paramref name="sign"/> may change the signed answer (strip or forge its signature).
    /// </summary>
    private sealed class FakeServer : ReceiveActor
    {
        public FakeServer(IReadOnlyList<Block> blocks, Func<Block, Block> tamper, IActorRef log, string chainId, SigningKey key,
            Func<BlockRange, BlockRange>? sign = null)
        {
            Receive<GetBlockRange>(r =>
            {
                log.Tell(r);
                var range = blocks.Where(b => b.Height >= r.From).Take(r.Count).Select(b => tamper(b).Encode()).ToArray();
                var signed = BlockRangeSignature.Sign(new BlockRange(r.RequestId, r.From, range), chainId, key);
                Sender.Tell(sign?.Invoke(signed) ?? signed);
            });
        }
    }

    private Props Server(PeerId peer, IReadOnlyList<Block> blocks, Func<Block, Block> tamper, IActorRef log, Func<BlockRange, BlockRange>? sign = null)
    {
        var (chainId, key) = (_chain.Genesis.ChainId, PeerKey(peer));
        return Props.Create(() => new FakeServer(blocks, tamper, log, chainId, key, sign));
    }

    /// <summary>The PeerManager as a test double: every given peer is established, with the key its handshake proved.</summary>
    private sealed class FakePeers : ReceiveActor
    {
        public FakePeers(IEnumerable<PeerId> peers)
        {
            var list = peers.Select(p => new PeerInfo(p, PeerState.Established, NodeKey: PeerKey(p).PublicKey)).ToImmutableList();
            Receive<PeerManagerProtocol.GetPeersByLatency>(_ => Sender.Tell(new PeerManagerProtocol.PeersByLatency(list)));
        }
    }

    /// <summary>A peer that has no blocks past genesis until it is told <c>"release"</c>.</summary>
    private sealed class LateServer : ReceiveActor
    {
        public LateServer(IReadOnlyList<Block> blocks, IActorRef log, string chainId, SigningKey key)
        {
            bool released = false;
            Receive<string>(m => released = m == "release");
            Receive<GetBlockRange>(r =>
            {
                log.Tell(r);
                Sender.Tell(BlockRangeSignature.Sign(new BlockRange(r.RequestId, r.From,
                    released ? [.. blocks.Where(b => b.Height >= r.From).Take(r.Count).Select(b => b.Encode())] : []), chainId, key));
            });
        }
    }

    private IActorRef Store() => Sys.ActorOf(ChainStore.Props(_chain.Genesis, StoreSettings), "chain");

    private IActorRef StartSync(IActorRef store, IActorRef consensus, IReadOnlyDictionary<PeerId, IActorRef> servers, SyncSettings? settings = null,
        IClock? clock = null)
    {
        var peers = Sys.ActorOf(Props.Create(() => new FakePeers(servers.Keys.ToList())));
        return Sys.ActorOf(BlockSync.Props(_chain.Genesis.ChainId, settings ?? Settings, clock ?? new AssumedUncertaintyClock(1_000_000), store,
            peers, consensus, peer => servers[peer], OwnKey, guard: null), "sync");
    }

    private ulong Height(IActorRef store)
    {
        store.Tell(ChainStoreProtocol.GetChainTip.Instance, TestActor);
        return ExpectMsg<ChainStoreProtocol.CurrentChainTip>(Generous).State.Height;
    }

    [Fact]
    public void BlockSync_should_refuse_a_tampered_block_with_its_reason_and_fetch_the_range_from_another_peer()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(PeerAnswerRefused));
        var requests = CreateTestProbe();
        var liar = new PeerId("a-liar");
        var honest = new PeerId("b-honest");
        var forgers = Enumerable.Range(10, 4).Select(Keys.Validator).ToList();
        Func<Block, Block> forge = b => b.Height == 3 ? b with { Commit = BlockBuilder.Commit(b.Header, forgers) } : b;
        var servers = new Dictionary<PeerId, IActorRef>
        {
            [liar] = Sys.ActorOf(Server(liar, _blocks, forge, requests.Ref)),
            [honest] = Sys.ActorOf(Server(honest, _blocks, b => b, requests.Ref)),
        };
        var store = Store();
        var consensus = CreateTestProbe();
        // A generous request timeout: on a loaded machine the honest peer may take longer than 2 s, and a NoAnswer
        // refusal of it is not what this test is about (the silent-peer test covers that).
        StartSync(store, consensus, servers, Settings with { RequestTimeout = Generous });

        var refused = events.ExpectMsg<PeerAnswerRefused>(Generous);
        Assert.Equal(liar, refused.Peer);
        Assert.Equal(SyncRefusalReason.InvalidCommit, refused.Refusal.Reason);
        Assert.Equal(3UL, refused.Refusal.Height);
        Assert.Contains("not in the validator set", refused.Refusal.Detail);

        AwaitAssert(() => Assert.Equal(10UL, Height(store)), Generous, TimeSpan.FromMilliseconds(100));
        // Blocks 1 and 2 of the liar's range were fine and kept; the rest came from the honest peer.
        var advanced = consensus.FishForMessage<ConsensusDriverProtocol.ChainAdvanced>(a => a.State.Height == 10, Generous);
        Assert.Equal(_blocks[^1].Hash, advanced.State.LastBlockHash);
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void BlockSync_should_ask_a_peer_whose_chain_does_not_link_for_its_block_at_the_tip_and_hand_it_to_the_fork_monitor()
    {
        var checks = CreateTestProbe();
        Sys.EventStream.Subscribe(checks.Ref, typeof(Roko.Actors.Forks.ForkMonitorProtocol.CheckCertifiedBlock));
        var state = _chain.State;
        foreach (var block in _blocks.Take(2)) state = LedgerTransition.Apply(state, block).State!;
        // The peer's chain differs from height 3 on: another block 3, certified by every validator, and a block 4 on it.
        var other3 = _chain.NextBlock(state).At(_blocks[2].Header.BlockTime.AddNanoseconds(1)).Seal();
        var other4 = _chain.NextBlock(LedgerTransition.Apply(state, other3).State!).Seal();
        var store = Store();
        foreach (var block in _blocks.Take(3))
        {
            store.Tell(new ChainStoreProtocol.CommitBlock(block), TestActor);
            ExpectMsg<ChainStoreProtocol.BlockCommitted>(Generous);
        }
        var requests = CreateTestProbe();
        var forker = new PeerId("a-forker");
        var forked = _blocks.Take(2).Append(other3).Append(other4).ToList();
        var servers = new Dictionary<PeerId, IActorRef>
        {
            [forker] = Sys.ActorOf(Server(forker, forked, b => b, requests.Ref)),
        };
        StartSync(store, CreateTestProbe(), servers, Settings with { RequestTimeout = Generous });

        var check = checks.ExpectMsg<Roko.Actors.Forks.ForkMonitorProtocol.CheckCertifiedBlock>(Generous);
        Assert.Equal(other3.Hash, check.Header.Hash);
        Assert.Equal(Roko.Actors.LightClient.LightBlockEncoding.EncodeCertificate(other3.Commit), Roko.Actors.LightClient.LightBlockEncoding.EncodeCertificate(check.Commit));
        Assert.Contains("block sync", check.Source);
        requests.FishForMessage<GetBlockRange>(r => r.RequestId < 0 && r.From == 3 && r.Count == 1, Generous);
        Assert.Equal(3UL, Height(store));
    }

    [Fact]
    public void BlockSync_should_refuse_unsigned_forged_and_other_key_answers_and_fetch_the_range_from_another_peer()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(PeerAnswerRefused));
        var requests = CreateTestProbe();
        var (unsigned, forged, otherKey, honest) = (new PeerId("a-unsigned"), new PeerId("b-forged"), new PeerId("c-other-key"), new PeerId("d-honest"));
        var stranger = SigningKey.FromSeed("block-sync-spec/stranger");
        string chainId = _chain.Genesis.ChainId;
        var servers = new Dictionary<PeerId, IActorRef>
        {
            [unsigned] = Sys.ActorOf(Server(unsigned, _blocks, b => b, requests.Ref, r => r with { Signer = null, Signature = null })),
            // A valid signature of the peer over another answer (other request id) replayed on this one.
            [forged] = Sys.ActorOf(Server(forged, _blocks, b => b, requests.Ref,
                r => r with { Signature = BlockRangeSignature.Sign(r with { RequestId = r.RequestId + 1 }, chainId, PeerKey(forged)).Signature })),
            [otherKey] = Sys.ActorOf(Server(otherKey, _blocks, b => b, requests.Ref, r => BlockRangeSignature.Sign(r, chainId, stranger))),
            [honest] = Sys.ActorOf(Server(honest, _blocks, b => b, requests.Ref)),
        };
        var store = Store();
        StartSync(store, CreateTestProbe(), servers, Settings with { RequestTimeout = Generous });

        var refusals = Enumerable.Range(0, 3).Select(_ => events.ExpectMsg<PeerAnswerRefused>(Generous)).ToDictionary(r => r.Peer, r => r.Refusal);
        Assert.Equal(SyncRefusalReason.Unsigned, refusals[unsigned].Reason);
        Assert.Equal(SyncRefusalReason.ForgedSignature, refusals[forged].Reason);
        Assert.Equal(SyncRefusalReason.WrongSigner, refusals[otherKey].Reason);
        Assert.Contains(stranger.PublicKey.Bytes.Short, refusals[otherKey].Detail);
        AwaitAssert(() => Assert.Equal(10UL, Height(store)), Generous, TimeSpan.FromMilliseconds(100));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void BlockSync_should_keep_polling_while_its_clock_is_unbounded()
    {
        var requests = CreateTestProbe();
        var lateId = new PeerId("late");
        var (chainId, key) = (_chain.Genesis.ChainId, PeerKey(lateId));
        var late = Sys.ActorOf(Props.Create(() => new LateServer(_blocks, requests.Ref, chainId, key)));
        var store = Store();
        StartSync(store, CreateTestProbe(), new Dictionary<PeerId, IActorRef> { [lateId] = late }, clock: new LateSynchronizedClock(synchronized: false));
        // The first poll finds nothing: the next one is due a poll interval later, by the clock's estimate.
        requests.ExpectMsg<GetBlockRange>(Generous);
        Assert.Equal(0UL, Height(store));

        late.Tell("release");

        AwaitAssert(() => Assert.Equal(10UL, Height(store)), Generous, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void BlockSync_should_resume_from_its_own_tip_after_an_interruption()
    {
        var store = Store();
        foreach (var block in _blocks.Take(6))
        {
            store.Tell(new ChainStoreProtocol.CommitBlock(block));
            ExpectMsg<ChainStoreProtocol.BlockCommitted>(Generous);
        }
        var requests = CreateTestProbe();
        var peer = new PeerId("p");
        StartSync(store, CreateTestProbe(), new Dictionary<PeerId, IActorRef>
        {
            [peer] = Sys.ActorOf(Server(peer, _blocks, b => b, requests.Ref)),
        });
        Assert.Equal(7UL, requests.ExpectMsg<GetBlockRange>(Generous).From);
        AwaitAssert(() => Assert.Equal(10UL, Height(store)), Generous, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void BlockSync_should_ask_another_peer_when_one_does_not_answer()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(PeerAnswerRefused));
        var silent = new PeerId("a-silent");
        var store = Store();
        StartSync(store, CreateTestProbe(), new Dictionary<PeerId, IActorRef>
        {
            [silent] = CreateTestProbe().Ref,
            [new PeerId("b-honest")] = Sys.ActorOf(Server(new PeerId("b-honest"), _blocks, b => b, CreateTestProbe().Ref)),
        });
        var refused = events.ExpectMsg<PeerAnswerRefused>(Generous);
        Assert.Equal((silent, SyncRefusalReason.NoAnswer), (refused.Peer, refused.Refusal.Reason));
        AwaitAssert(() => Assert.Equal(10UL, Height(store)), Generous, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void BlockSync_should_serve_ranges_from_its_journal_capped_at_max_range()
    {
        var store = Store();
        foreach (var block in _blocks)
        {
            store.Tell(new ChainStoreProtocol.CommitBlock(block));
            ExpectMsg<ChainStoreProtocol.BlockCommitted>(Generous);
        }
        var sync = StartSync(store, CreateTestProbe(), new Dictionary<PeerId, IActorRef>());

        sync.Tell(new GetBlockRange(7, 2, 100));
        var range = ExpectMsg<BlockRange>(Generous);
        Assert.Equal((7L, 2UL), (range.RequestId, range.From));
        Assert.Null(BlockRangeSignature.Check(range, _chain.Genesis.ChainId, OwnKey.PublicKey));
        Assert.Equal(_blocks.Skip(1).Take(Settings.MaxRange).Select(b => b.Hash), range.Blocks.Select(b => Block.Decode(b).Hash));

        sync.Tell(new GetBlockRange(8, 9, 4));
        Assert.Equal(2, ExpectMsg<BlockRange>(Generous).Blocks.Length);
        sync.Tell(new GetBlockRange(9, 11, 4));
        Assert.Empty(ExpectMsg<BlockRange>(Generous).Blocks);
        sync.Tell(new GetBlockRange(10, 0, 4)); // malformed: ignored
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void BlockSync_should_keep_a_range_within_max_range_bytes_but_always_send_one_block()
    {
        var store = Store();
        foreach (var block in _blocks.Take(4))
        {
            store.Tell(new ChainStoreProtocol.CommitBlock(block));
            ExpectMsg<ChainStoreProtocol.BlockCommitted>(Generous);
        }
        int size = _blocks[0].Encode().Length;
        var budget = Settings with { MaxRangeBytes = 2 * size + size / 2 };
        var sync = Sys.ActorOf(BlockSync.Props(_chain.Genesis.ChainId, budget, new AssumedUncertaintyClock(1_000_000), store,
            Sys.ActorOf(Props.Create(() => new FakePeers(Array.Empty<PeerId>()))), CreateTestProbe().Ref, _ => ActorRefs.Nobody, OwnKey, guard: null), "sync");
        sync.Tell(new GetBlockRange(1, 1, 4));
        Assert.Equal(2, ExpectMsg<BlockRange>(Generous).Blocks.Length);

        var tiny = Sys.ActorOf(BlockSync.Props(_chain.Genesis.ChainId, Settings with { MaxRangeBytes = 1 }, new AssumedUncertaintyClock(1_000_000), store,
            Sys.ActorOf(Props.Create(() => new FakePeers(Array.Empty<PeerId>()))), CreateTestProbe().Ref, _ => ActorRefs.Nobody, OwnKey, guard: null), "sync-tiny");
        tiny.Tell(new GetBlockRange(2, 1, 4));
        Assert.Single(ExpectMsg<BlockRange>(Generous).Blocks);
    }

    [Fact]
    public void Settings_should_be_read_from_hocon_and_name_a_bad_key()
    {
        var settings = SyncSettings.Create(RokoConfig.Defaults);
        Assert.Equal(64, settings.MaxRange);
        var bad = ConfigurationFactory.ParseString("roko.sync.max-range = 0").WithFallback(RokoConfig.Defaults);
        var e = Assert.Throws<InvalidSettingException>(() => SyncSettings.Create(bad));
        Assert.Equal("roko.sync.max-range", e.Key);
        Assert.Contains("roko.sync.max-range", e.Message);
    }
}
