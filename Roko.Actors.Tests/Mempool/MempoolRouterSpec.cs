using Roko.Actors.Consensus;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Monitoring;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Mempool.MempoolShardProtocol;

namespace Roko.Actors.Tests.Mempool;

/// <summary>The sharded mempool as the node runs it: the router at the front, four shards behind it.</summary>
public sealed class MempoolRouterSpec : TestKit
{
    private const int Shards = 4;
    private static readonly TestChain Chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Funding(Keys.Bob, Amount.FromRoko(10)).Build();
    private static readonly MempoolLimits Limits = new(MaxTransactions: 100, MaxPerSender: 10,
        WindowPastNanos: Moments.Seconds(10), WindowFutureNanos: Moments.Seconds(2));

    private readonly SettableClock _clock = new(NanoInterval.Around(Moments.AfterGenesis(1000), Moments.Millis(1)));
    private readonly RokoMetrics _metrics = new("mempool-spec");
    private readonly VerifiedSignatureCache _signatures = new(1024);
    // What the chain store stand-in answers when a router asks for the tip.
    private volatile LedgerState _chainTip = Chain.State;

    // The node's defaults declare the router's and shards' mailbox (roko.mempool.mailbox).
    public MempoolRouterSpec() : base(Roko.Actors.Nodes.RokoConfig.Defaults)
    {
    }

    private sealed class SettableClock(NanoInterval now) : IClock
    {
        private NanoInterval _now = now;
        private NanoMoment _estimate = now.Midpoint ?? throw new ArgumentException("the clock starts bounded", nameof(now));
        public NanoInterval Now() { lock (this) return _now; }
        // As a node clock's, the estimate stays where it was while the interval is unbounded.
        public NanoMoment Estimate() { lock (this) return _estimate; }
        public void Set(NanoInterval now) { lock (this) (_now, _estimate) = (now, now.Midpoint ?? _estimate); }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _metrics.Dispose();
    }

    private IActorRef Router(MempoolLimits? limits = null, string name = "mempool", IActorRef? propagator = null) =>
        Sys.ActorOf(RouterProps(limits, propagator), name);

    private Props RouterProps(MempoolLimits? limits = null, IActorRef? propagator = null, int minPendingForBusy = int.MaxValue,
        Func<MempoolSettings, MempoolSettings>? tune = null)
    {
        // Admission control off unless a spec asks (a busy test host must not refuse these specs' transactions).
        var defaults = MempoolSettings.Create(RokoConfig.Defaults);
        var settings = defaults with
        {
            Limits = limits ?? Limits, Shards = Shards, Admission = defaults.Admission with { MinPending = minPendingForBusy },
        };
        if (tune is not null) settings = tune(settings);
        return MempoolRouter.Props(ChainStore(), _clock, settings, _metrics, propagator, _signatures,
            ConsensusSettings.Create(RokoConfig.Defaults).InclusionDelay);
    }

    /// <summary>Stands in for the chain store: answers every <see cref="ChainStoreProtocol.GetChainTip"/> with <see cref="_chainTip"/>.</summary>
    private IActorRef ChainStore()
    {
        var chain = CreateTestProbe();
        chain.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is ChainStoreProtocol.GetChainTip) sender.Tell(new ChainStoreProtocol.CurrentChainTip(_chainTip));
            return AutoPilot.KeepRunning;
        }));
        return chain.Ref;
    }

    [Fact]
    public void Recipients_should_be_every_validator_of_the_next_blocks_or_only_the_next_proposers()
    {
        var tip = Build.Chain().WithValidators(7).Build().State;

        var validators = TransactionRecipients.Of(tip, ForwardTarget.Validators, proposerHeights: 2, proposerRounds: 2);
        var proposers = TransactionRecipients.Of(tip, ForwardTarget.Proposers, proposerHeights: 2, proposerRounds: 2);

        Assert.Equal(tip.Validators.Validators.Select(v => v.Key).Order().ToArray(), validators.Order().ToArray());
        Assert.Equal(Roko.Actors.Consensus.ProposerRotation.Upcoming(tip, 2, 2).ToArray(), proposers.ToArray());
        Assert.Subset(validators.ToHashSet(), proposers.ToHashSet());
    }

    [Fact]
    public void Router_should_send_a_submitted_transaction_to_its_recipients_and_not_pass_on_gossiped_ones()
    {
        var propagator = CreateTestProbe();
        var router = Router(propagator: propagator.Ref);
        propagator.ExpectMsg<Roko.Actors.Propagation.BlockPropagatorProtocol.Subscribe>();
        var tx = Pay(10);

        Accepted(router, tx);

        var sent = propagator.ExpectMsg<Roko.Actors.Propagation.BlockPropagatorProtocol.Propagate>();
        Assert.Equal(Roko.Actors.Propagation.MessageKind.Transaction, sent.Kind);
        Assert.Equal(tx.Encode(), sent.Payload);
        var settings = MempoolSettings.Create(RokoConfig.Defaults);
        Assert.Equal((ForwardTarget.Validators, 2, 2), (settings.ForwardTo, settings.ForwardHeights, settings.ForwardRounds));
        Assert.Equal(TransactionRecipients.Of(Chain.State, settings.ForwardTo, settings.ForwardHeights, settings.ForwardRounds).ToArray(),
            sent.Destinations!.Value.ToArray());

        // One that reached us from a peer is admitted here but not sent on: its origin addressed it.
        var gossiped = Pay(11);
        router.Tell(new Roko.Actors.Propagation.BlockPropagatorProtocol.Delivered(Roko.Actors.Propagation.MessageKind.Transaction, gossiped.Id,
            gossiped.Encode(), Keys.Alice.PublicKey, new Roko.Actors.Network.PeerId("akka.tcp://roko@127.0.0.1:1")));
        AwaitAssert(() => Assert.Equal(2, ShardContents(ShardOf(tx)).Count + (ShardOf(tx) == ShardOf(gossiped) ? 0 : ShardContents(ShardOf(gossiped)).Count)));
        propagator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Router_should_gossip_the_transactions_admitted_within_its_batch_window_in_one_message_and_admit_a_peers_batch()
    {
        var propagator = CreateTestProbe();
        var window = TimeSpan.FromMilliseconds(300);
        var router = Sys.ActorOf(RouterProps(propagator: propagator.Ref, tune: s => s with { GossipBatchWindow = window, GossipBatchMax = 3 }), "mempool");
        propagator.ExpectMsg<Roko.Actors.Propagation.BlockPropagatorProtocol.Subscribe>();

        // Full before its window ends: sent at once, the three in one payload.
        var first = new[] { Pay(10), Pay(11), Pay(12) };
        foreach (var tx in first) Accepted(router, tx);
        var batch = propagator.ExpectMsg<Roko.Actors.Propagation.BlockPropagatorProtocol.Propagate>(window / 2);
        Assert.Equal(first.Select(t => t.Id), TransactionBatch.Decode(batch.Payload).Select(t => t.Id));

        // Alone in its window: sent when the window ends, in a lone transaction's own encoding.
        var alone = Pay(13);
        Accepted(router, alone);
        propagator.ExpectNoMsg(window / 3);
        var single = propagator.ExpectMsg<Roko.Actors.Propagation.BlockPropagatorProtocol.Propagate>(TimeSpan.FromSeconds(5));
        Assert.Equal(alone.Encode(), single.Payload);

        // A peer's batch: each of its transactions is admitted here, none is sent on.
        var theirs = new[] { Pay(14, by: Keys.Bob), Pay(15, by: Keys.Bob) };
        router.Tell(new Roko.Actors.Propagation.BlockPropagatorProtocol.Delivered(Roko.Actors.Propagation.MessageKind.Transaction, Hash32.Zero,
            TransactionBatch.Encode(theirs), Keys.Bob.PublicKey, new Roko.Actors.Network.PeerId("akka.tcp://roko@127.0.0.1:1")));
        AwaitAssert(() => Assert.Equal(6, Enumerable.Range(0, Shards).Sum(k => ShardContents(k).Count)), TimeSpan.FromSeconds(10));
        propagator.ExpectNoMsg(window * 2);
    }

    /// <summary>Signed at <paramref name="millis"/> ms + <paramref name="nanos"/> ns after genesis: the nanos pick the shard.</summary>
    private static Transaction Pay(long millis, long nanos = 0, SigningKey? by = null, ulong roko = 1) =>
        Build.Transaction().By(by ?? Keys.Alice).SignedAt(Moments.AfterGenesis(millis, nanos)).Transfer(Keys.Carol, Amount.FromRoko(roko));

    private static int ShardOf(Transaction tx) => ShardRouting.ShardOf(tx.Timestamp, Shards);

    private void Accepted(IActorRef router, Transaction tx)
    {
        router.Tell(new SubmitTransaction(tx), TestActor);
        Assert.Equal(tx.Id, ExpectMsg<TransactionAccepted>().Id);
    }

    private TransactionRejected Rejected(IActorRef router, Transaction tx, AdmissionCode code)
    {
        router.Tell(new SubmitTransaction(tx), TestActor);
        var rejected = ExpectMsg<TransactionRejected>();
        Assert.Equal(tx.Id, rejected.Id);
        Assert.Equal(code, rejected.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        return rejected;
    }

    private CurrentMempoolStatus Status(IActorRef router)
    {
        router.Tell(GetMempoolStatus.Instance, TestActor);
        return ExpectMsg<CurrentMempoolStatus>();
    }

    private IReadOnlyList<Transaction> ShardContents(int shard, string router = "mempool")
    {
        Sys.ActorSelection($"/user/{router}/shard-{shard}").Tell(new GetShardSlice(1, NanoMoment.MaxValue, int.MaxValue), TestActor);
        var slice = ExpectMsg<ShardSlice>();
        Assert.Equal(shard, slice.Shard);
        return slice.Transactions;
    }

    [Fact]
    public void Router_should_place_each_transaction_in_the_shard_its_timestamp_hashes_to()
    {
        const int count = 2 * Shards; // nanoseconds 0-7 of one millisecond reach every one of the four shards
        var router = Router();
        var txs = Enumerable.Range(0, count).Select(n => Pay(900, nanos: n)).ToList();
        foreach (var tx in txs) Accepted(router, tx);

        for (int k = 0; k < Shards; k++)
        {
            var contents = ShardContents(k);
            Assert.Equal(txs.Where(tx => ShardRouting.ShardOf(tx.Timestamp, Shards) == k), contents);
            Assert.NotEmpty(contents);
        }
        Assert.Equal(new CurrentMempoolStatus(0, count, Shards), Status(router));
    }

    [Fact]
    public void Router_should_refuse_every_front_rule_with_its_reason()
    {
        var router = Router();
        Rejected(router, Build.Transaction().OnChain("other").SignedAt(Moments.AfterGenesis(900)).Transfer(Keys.Bob, new Amount(1)), AdmissionCode.WrongChain);
        Rejected(router, Pay(-9000), AdmissionCode.Stale);
        Rejected(router, Pay(4000), AdmissionCode.TooFarInFuture);
        Rejected(router, Build.Transaction().SignedAt(Moments.AfterGenesis(900)).Transfer(Keys.Bob, Amount.Zero), AdmissionCode.ZeroAmount);
        Rejected(router, Build.Transaction().By(Keys.Carol).SignedAt(Moments.AfterGenesis(900)).Unstake(Amount.FromRoko(1)), AdmissionCode.NoStake);
        var validator = Chain.ValidatorKeys[0];
        Rejected(router, Build.Transaction().By(validator).SignedAt(Moments.AfterGenesis(901))
            .Unstake(Chain.State.Stakes[validator.PublicKey].Amount + new Amount(1)), AdmissionCode.InsufficientStake);

        _clock.Set(NanoInterval.Around(Moments.AfterGenesis(20_000), Moments.Millis(1)));
        Rejected(router, Pay(900), AdmissionCode.Expired);
        _clock.Set(NanoInterval.Unbounded);
        Rejected(router, Pay(900), AdmissionCode.ClockUnsynchronized);
        Assert.Equal(0, Status(router).Pending);
    }

    [Fact]
    public void Router_should_refuse_a_replay_both_while_pending_and_after_commit()
    {
        var router = Router();
        var tx = Pay(900, nanos: 1);
        Accepted(router, tx);
        Assert.Contains("already pending", Rejected(router, tx, AdmissionCode.Replay).Reason);
        Assert.Equal(1, Status(router).Pending);
    }

    [Fact]
    public void Router_should_give_a_nanosecond_to_the_first_of_two_different_transactions_claiming_it()
    {
        var router = Router();
        var first = Pay(900, nanos: 3, by: Keys.Alice);
        var second = Pay(900, nanos: 3, by: Keys.Bob);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(ShardOf(first), ShardOf(second));

        Accepted(router, first);
        Assert.Contains("slot taken", Rejected(router, second, AdmissionCode.SlotTaken).Reason);

        Assert.Equal(new[] { first }, ShardContents(ShardOf(first)));
        // The refused transfer's reservation was given back: Bob can still spend his whole balance.
        Accepted(router, Pay(900, nanos: 4, by: Keys.Bob, roko: 10));
    }

    [Fact]
    public void Router_should_refuse_a_sender_overspending_across_two_shards()
    {
        var router = Router();
        var first = Pay(900, nanos: 0, by: Keys.Bob, roko: 6);
        var second = Pay(900, nanos: 1, by: Keys.Bob, roko: 5);
        Assert.NotEqual(ShardOf(first), ShardOf(second));

        Accepted(router, first);
        Assert.Contains("already pending", Rejected(router, second, AdmissionCode.InsufficientBalance).Reason);
        var third = Pay(900, nanos: 3, by: Keys.Bob, roko: 4);
        Assert.DoesNotContain(ShardOf(third), new[] { ShardOf(first), ShardOf(second) });
        Accepted(router, third);

        Assert.Equal(new[] { first }, ShardContents(ShardOf(first)));
        Assert.Empty(ShardContents(ShardOf(second)));
    }

    [Fact]
    public void Router_should_refuse_a_bad_signature_in_the_shard_and_release_its_reservation()
    {
        var router = Router();
        var good = Pay(900, nanos: 2, by: Keys.Bob, roko: 10);
        var forged = new Transaction(good.ChainId, good.Signer, good.Timestamp, good.Payload, Keys.Bob.Sign([1]));

        Rejected(router, forged, AdmissionCode.BadSignature);

        Assert.Equal(0, Status(router).Pending);
        Assert.False(_signatures.Contains(forged));
        Accepted(router, good);
        Assert.True(_signatures.Contains(good));
    }

    [Fact]
    public void Router_should_refuse_beyond_the_pool_and_per_sender_limits_across_shards()
    {
        var router = Router(Limits with { MaxTransactions = 3, MaxPerSender = 2 });
        Accepted(router, Pay(900, nanos: 0));
        Accepted(router, Pay(900, nanos: 1));
        Rejected(router, Pay(900, nanos: 2), AdmissionCode.SenderLimit);
        Accepted(router, Pay(900, nanos: 3, by: Keys.Bob));
        Rejected(router, Pay(900, nanos: 5, by: Keys.Bob), AdmissionCode.PoolFull);
    }

    [Fact]
    public void Submission_should_be_refused_as_busy_with_a_retry_time_while_the_probe_says_busy_and_the_pool_is_loaded()
    {
        var router = Sys.ActorOf(RouterProps(minPendingForBusy: 1));
        Accepted(router, Pay(100)); // one pending: the pool is loaded enough to shed
        var busy = new AdmissionProbeProtocol.AdmissionLoadChanged(true, TimeSpan.FromMilliseconds(250), "too busy: 250 ms late", TimeSpan.FromSeconds(1));
        router.Tell(busy);

        var refused = Rejected(router, Pay(200), AdmissionCode.Busy);
        Assert.Equal("too busy: 250 ms late", refused.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(1, Status(router).Pending); // refused at the door: nothing reserved

        router.Tell(busy with { Busy = false });
        Accepted(router, Pay(300));
    }

    [Fact]
    public void Submission_should_be_taken_while_busy_when_the_pool_holds_fewer_than_min_pending()
    {
        var router = Sys.ActorOf(RouterProps(minPendingForBusy: 5));
        router.Tell(new AdmissionProbeProtocol.AdmissionLoadChanged(true, TimeSpan.FromMilliseconds(250), "too busy", TimeSpan.FromSeconds(1)));

        Accepted(router, Pay(100));
    }

    [Fact]
    public void GetSlice_should_stop_at_the_proposers_cap_and_pull_the_cutoff_back()
    {
        var router = Router();
        var txs = new[] { Pay(100), Pay(200), Pay(700) };
        // All in one shard: the shard must show it holds more than the cap, or the third would be sealed out (Stale).
        Assert.All(txs, tx => Assert.Equal(ShardOf(txs[0]), ShardOf(tx)));
        foreach (var tx in txs) Accepted(router, tx);

        router.Tell(new GetSlice(Moments.AfterGenesis(900), MaxTransactions: 2), TestActor);
        var slice = ExpectMsg<CurrentSlice>();

        Assert.Equal(txs.Take(2), slice.Transactions);
        Assert.Equal(txs[1].Timestamp, slice.Cutoff);
    }

    [Fact]
    public void GetSlice_should_merge_every_shard_in_time_order_up_to_the_cutoff()
    {
        var router = Router();
        var txs = new[] { Pay(700, nanos: 3), Pay(100, nanos: 1), Pay(500, nanos: 2), Pay(300), Pay(900, nanos: 1) };
        foreach (var tx in txs) Accepted(router, tx);

        router.Tell(new GetSlice(Moments.AfterGenesis(700, 3)), TestActor);
        var slice = ExpectMsg<CurrentSlice>();

        Assert.Equal(txs.Take(4).OrderBy(tx => tx.Timestamp), slice.Transactions);
        Assert.Equal(Moments.AfterGenesis(700, 3), slice.Cutoff);
    }

    [Fact]
    public void Router_should_release_included_transactions_and_report_the_sealed_ones_as_stale_when_a_block_commits()
    {
        var router = Router();
        var included = Pay(100, nanos: 1, by: Keys.Bob, roko: 6);
        var sealedOut = Pay(200, nanos: 2, by: Keys.Bob, roko: 3);
        var later = Pay(900, nanos: 3);
        foreach (var tx in new[] { included, sealedOut, later }) Accepted(router, tx);
        var dropped = CreateTestProbe();
        Sys.EventStream.Subscribe(dropped.Ref, typeof(TransactionsDropped));
        var block = Chain.NextBlock().With(included).CutoffAt(Moments.AfterGenesis(250)).Seal();
        var after = LedgerTransition.Apply(Chain.State, block).State!;

        Sys.EventStream.Publish(new ChainStoreProtocol.BlockCommitted(block, after));

        var report = dropped.ExpectMsg<TransactionsDropped>();
        Assert.Equal(sealedOut.Id, Assert.Single(report.Dropped).Id);
        Assert.Equal(AdmissionCode.Stale, report.Dropped[0].Code);
        AwaitAssert(() => Assert.Equal(new CurrentMempoolStatus(1, 1, Shards), Status(router)));
        // Bob now has 4 ROKO and nothing pending.
        Accepted(router, Pay(900, nanos: 5, by: Keys.Bob, roko: 4));
    }

    [Fact]
    public void Router_should_evict_expired_transactions_and_tell_who_submitted_them_why()
    {
        var router = Router();
        Accepted(router, Pay(900, nanos: 1));
        Accepted(router, Pay(950, nanos: 2));
        var dropped = CreateTestProbe();
        Sys.EventStream.Subscribe(dropped.Ref, typeof(TransactionsDropped));

        _clock.Set(NanoInterval.Around(Moments.AfterGenesis(10_925), Moments.Millis(1)));
        router.Tell(EvictExpired.Instance);

        var report = dropped.ExpectMsg<TransactionsDropped>();
        Assert.Equal(Pay(900, nanos: 1).Id, Assert.Single(report.Dropped).Id);
        Assert.Equal(AdmissionCode.Expired, report.Dropped[0].Code);
        AwaitAssert(() => Assert.Equal(1, Status(router).Pending));
    }

    [Fact]
    public async Task Router_should_report_its_pending_transactions_lost_and_start_again_from_the_current_chain_tip_when_restarted()
    {
        var router = await Sys.StartUnderRestartingParentAsync("node", RouterProps(), "mempool");
        var pending = Pay(900, nanos: 1);
        var stale = Pay(200, nanos: 2, by: Keys.Bob);
        Accepted(router, pending);
        Accepted(router, stale);
        var dropped = CreateTestProbe();
        Sys.EventStream.Subscribe(dropped.Ref, typeof(TransactionsDropped));
        // The chain moved on since the router started: height 1, its slice sealed at 250 ms.
        var block = Chain.NextBlock().CutoffAt(Moments.AfterGenesis(250)).Seal();
        _chainTip = LedgerTransition.Apply(Chain.State, block).State!;

        router.Tell(Kill.Instance);

        var report = dropped.ExpectMsg<TransactionsDropped>();
        Assert.Equal(new[] { pending.Id, stale.Id }.Order(), report.Dropped.Select(d => d.Id).Order());
        Assert.All(report.Dropped, d => Assert.Equal(AdmissionCode.MempoolRestarted, d.Code));
        Assert.Contains("restarted", report.Dropped[0].Reason);
        Assert.Equal(new CurrentMempoolStatus(1, 0, Shards), Status(router));
        // Judged against the new tip: behind its cutoff is stale now; the other is admitted again.
        Rejected(router, stale, AdmissionCode.Stale);
        Accepted(router, pending);
    }
}
