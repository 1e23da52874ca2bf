using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Consensus;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Propagation;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Propagation.BlockPropagatorProtocol;

namespace Roko.Actors.Tests.Consensus;

/// <summary>The consensus driver's supervision of its rounds, with probes for the chain store, mempool and propagator.</summary>
public sealed class ConsensusDriverSupervisionSpec : TestKit
{
    private static readonly TestChain Chain = Build.Chain().WithValidators(4).Build();
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    // The node's defaults define roko.consensus.signing-dispatcher, which rounds run on.
    public ConsensusDriverSupervisionSpec() : base(RokoConfig.Defaults)
    {
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _dir.Dispose();
    }

    [Fact]
    public async Task Driver_should_subscribe_again_when_its_round_restarts_and_restart_itself_at_the_chain_tip_when_the_round_gives_up()
    {
        var chainStore = CreateTestProbe();
        var mempool = CreateTestProbe();
        var propagator = CreateTestProbe();
        using var store = SqlSigningRecordStore.Sqlite(_dir.Combine("chain.db"));
        var driver = await Sys.StartUnderRestartingParentAsync("node", ConsensusDriver.Props(Chain.State, Chain.ValidatorKeys[0],
            new AssumedUncertaintyClock(1_000_000), ConsensusSettings.Create(RokoConfig.Defaults), TimeSpan.FromSeconds(1),
            chainStore.Ref, mempool.Ref, propagator.Ref, store), "consensus");
        ExpectSubscriptions(propagator, driver);
        chainStore.ExpectMsg<ChainStoreProtocol.GetChainTip>(Generous);
        chainStore.Reply(new ChainStoreProtocol.CurrentChainTip(Chain.State));
        IActorRef round = ActorRefs.Nobody;
        await AwaitAssertAsync(async () => round = await Sys.ActorSelection(driver.Path / "height-1").ResolveOne(RemainingOrDefault));

        // A failing round is restarted, and the driver subscribes again: peers' re-sends of the height reach the new round.
        round.Tell(Kill.Instance);
        ExpectSubscriptions(propagator, driver);

        // A round out of restarts (10 a minute) fails the driver; restarted, it asks the chain store where the chain is.
        for (int kill = 0; kill < 11; kill++) round.Tell(Kill.Instance);
        chainStore.FishForMessage(m => m is ChainStoreProtocol.GetChainTip, Generous);
        ExpectSubscriptions(propagator, driver);
    }

    [Fact]
    public async Task Driver_should_resume_the_height_from_the_signing_record_when_its_round_restarts_and_when_it_restarts_itself()
    {
        // One validator decides alone: its proposal, prevote and precommit are all signed before the commit is asked for.
        var single = Build.Chain().WithValidators(1).Build();
        var chainStore = CreateTestProbe();
        var mempool = CreateTestProbe();
        var propagator = CreateTestProbe();
        using var store = SqlSigningRecordStore.Sqlite(_dir.Combine("single.db"));
        // No periodic resends and no propose timeout: every Propagate the probe sees is a send of a round's start or its logic.
        var settings = ConsensusSettings.Create(RokoConfig.Defaults) with
        {
            ResendInterval = TimeSpan.FromHours(1),
            TimeoutPropose = TimeSpan.FromHours(1),
        };
        var driver = await Sys.StartUnderRestartingParentAsync("single", ConsensusDriver.Props(single.State, single.ValidatorKeys[0],
            new AssumedUncertaintyClock(1_000_000), settings, TimeSpan.FromSeconds(1), chainStore.Ref, mempool.Ref, propagator.Ref, store),
            "consensus");
        chainStore.ExpectMsg<ChainStoreProtocol.GetChainTip>(Generous);
        chainStore.Reply(new ChainStoreProtocol.CurrentChainTip(single.State));
        var ask = mempool.ExpectMsg<Roko.Actors.Mempool.MempoolProtocol.GetSlice>(Generous);
        mempool.Reply(new Roko.Actors.Mempool.MempoolProtocol.CurrentSlice(ask.Cutoff, []));
        var signed = ExpectPropagated(propagator, 3);
        chainStore.ExpectMsg<ChainStoreProtocol.CommitBlock>(Generous); // left unanswered: the height stays in progress

        // The round restarted by the driver reads the record in its start and sends the very same signed messages.
        var round = await Sys.ActorSelection(driver.Path / "height-1").ResolveOne(Generous);
        round.Tell(Kill.Instance);
        Assert.Equal(signed, ExpectPropagated(propagator, 3));
        chainStore.ExpectMsg<ChainStoreProtocol.CommitBlock>(Generous);

        // The driver restarted by its parent starts a new round at the chain store's tip, which resumes the same way.
        driver.Tell(Kill.Instance);
        chainStore.FishForMessage(m => m is ChainStoreProtocol.GetChainTip, Generous);
        chainStore.Reply(new ChainStoreProtocol.CurrentChainTip(single.State));
        Assert.Equal(signed, ExpectPropagated(propagator, 3));
        chainStore.ExpectMsg<ChainStoreProtocol.CommitBlock>(Generous);
        // Neither resumed round assembled a second block for the round it had proposed in.
        mempool.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    /// <summary>The payloads of the next <paramref name="count"/> Propagate messages, skipping subscriptions.</summary>
    private static List<byte[]> ExpectPropagated(Akka.TestKit.TestProbe propagator, int count) =>
        Enumerable.Range(0, count)
            .Select(_ => ((Propagate)propagator.FishForMessage(m => m is Propagate, Generous)).Payload)
            .ToList();

    private static void ExpectSubscriptions(Akka.TestKit.TestProbe propagator, IActorRef driver)
    {
        foreach (var kind in new[] { MessageKind.Vote, MessageKind.Proposal })
            propagator.FishForMessage(m => m is Subscribe s && s.Kind == kind && s.Subscriber.Equals(driver), Generous);
    }
}
