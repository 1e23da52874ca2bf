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

    [Fact]
    public async Task Driver_should_subscribe_again_when_its_round_restarts_and_restart_itself_at_the_chain_tip_when_the_round_gives_up()
    {
        var chainStore = CreateTestProbe();
        var mempool = CreateTestProbe();
        var propagator = CreateTestProbe();
        var driver = await Sys.StartUnderRestartingParentAsync("node", ConsensusDriver.Props(Chain.State, Chain.ValidatorKeys[0],
            new AssumedUncertaintyClock(1_000_000), ConsensusSettings.Create(RokoConfig.Defaults), TimeSpan.FromSeconds(1),
            chainStore.Ref, mempool.Ref, propagator.Ref), "consensus");
        ExpectSubscriptions(propagator, driver);
        chainStore.ExpectMsg<ChainStoreProtocol.GetChainTip>();
        chainStore.Reply(new ChainStoreProtocol.CurrentChainTip(Chain.State));
        IActorRef round = ActorRefs.Nobody;
        await AwaitAssertAsync(async () => round = await Sys.ActorSelection(driver.Path / "height-1").ResolveOne(RemainingOrDefault));

        // A failing round is restarted, and the driver subscribes again: peers' re-sends of the height reach the new round.
        round.Tell(Kill.Instance);
        ExpectSubscriptions(propagator, driver);

        // A round out of restarts (10 a minute) fails the driver; restarted, it asks the chain store where the chain is.
        for (int kill = 0; kill < 11; kill++) round.Tell(Kill.Instance);
        chainStore.FishForMessage(m => m is ChainStoreProtocol.GetChainTip);
        ExpectSubscriptions(propagator, driver);
    }

    private static void ExpectSubscriptions(Akka.TestKit.TestProbe propagator, IActorRef driver)
    {
        foreach (var kind in new[] { MessageKind.Vote, MessageKind.Proposal })
            propagator.FishForMessage(m => m is Subscribe s && s.Kind == kind && s.Subscriber.Equals(driver));
    }
}
