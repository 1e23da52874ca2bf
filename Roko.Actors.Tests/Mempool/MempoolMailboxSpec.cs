using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Mempool;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Tests.Builders;
using Xunit;
using static Roko.Actors.Mempool.MempoolProtocol;
using static Roko.Actors.Mempool.MempoolShardProtocol;

namespace Roko.Actors.Tests.Mempool;

/// <summary>The mempool's mailbox as hocon/roko.conf declares it: block work overtakes queued transaction traffic.</summary>
public sealed class MempoolMailboxSpec() : TestKit(RokoConfig.Defaults)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>Says when it holds its first message, holds it until released, then reports every message it handles, in order.</summary>
    private sealed class Recorder : ReceiveActor
    {
        public Recorder(IActorRef report, ManualResetEventSlim taken, ManualResetEventSlim release)
        {
            ReceiveAny(m =>
            {
                taken.Set();
                release.Wait();
                report.Tell(m);
            });
        }
    }

    [Fact]
    public void Block_work_should_be_handled_before_transaction_traffic_queued_ahead_of_it_and_traffic_should_keep_its_order()
    {
        using var taken = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Recorder(TestActor, taken, release)).WithMailbox(MempoolMailbox.Id));
        var first = new MempoolStatusProbe();
        actor.Tell(first);
        // Once the actor holds it (until released) the rest queue up behind it. Sent before it was taken, the mailbox
        // would rightly put the block work ahead of it too (seen on a loaded host).
        Assert.True(taken.Wait(Generous), "the actor never took its first message");
        var chain = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1000)).Build();
        var traffic = Enumerable.Range(0, 50)
            .Select(i => new AdmitToShard(Build.Transaction().By(Keys.Alice).SignedAt(Moments.AfterGenesis(900 + i)).Transfer(Keys.Bob, Amount.FromRoko(1)), null))
            .ToList();
        foreach (var admit in traffic) actor.Tell(admit);
        var slice = new GetShardSlice(1, Moments.AfterGenesis(1), 100);
        var commit = new ChainStoreProtocol.CurrentChainTip(chain.State);
        actor.Tell(slice);
        actor.Tell(commit);

        release.Set();

        Assert.Same(first, ExpectMsg<object>(Generous));
        Assert.Same(slice, ExpectMsg<object>(Generous));
        Assert.Same(commit, ExpectMsg<object>(Generous));
        foreach (var admit in traffic) Assert.Same(admit, ExpectMsg<object>(Generous));
    }

    private sealed record MempoolStatusProbe;
}
