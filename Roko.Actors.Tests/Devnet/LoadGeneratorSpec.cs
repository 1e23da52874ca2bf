using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Mempool;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Devnet.LoadGeneratorProtocol;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.Tests.Devnet;

/// <summary>The devnet's load generator accounts for every submission: refused at submission, dropped after acceptance, or pending.</summary>
public sealed class LoadGeneratorSpec() : TestKit(DevnetConfig.Load())
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_refusal_answered_at_submission_and_a_drop_after_acceptance_should_be_counted_apart()
    {
        var pool = CreateTestProbe();
        SigningKey[] accounts = [SigningKey.FromSeed("load-a"), SigningKey.FromSeed("load-b")];
        var clock = new ManualClock(NanoMoment.FromUnixSeconds(1_800_000_000));
        var load = Sys.ActorOf(LoadGenerator.Props("roko-test", accounts, [pool.Ref], clock, ratePerSecond: 1000, TimeSpan.FromMilliseconds(10), seed: 1));

        var refused = pool.ExpectMsg<SubmitTransaction>(Generous);
        pool.Reply(new TransactionRejected(refused.Transaction.Id, AdmissionCode.Busy, "too busy", TimeSpan.FromSeconds(1)));
        var accepted = pool.ExpectMsg<SubmitTransaction>(Generous);
        pool.Reply(new TransactionAccepted(accepted.Transaction.Id));
        load.Tell(StopLoad.Instance);
        Sys.EventStream.Publish(new TransactionsDropped([new TransactionRejected(accepted.Transaction.Id, AdmissionCode.Stale, "slice sealed")]));

        AwaitAssert(() =>
        {
            var report = load.Ask<LoadReport>(new GetLoadReport(0), Generous).Result;
            Assert.Equal(1, report.RefusedByReason.GetValueOrDefault("Busy"));
            Assert.False(report.RefusedByReason.ContainsKey("Stale"));
            Assert.Equal(1, report.DroppedAfterAcceptanceByReason.GetValueOrDefault("Stale"));
            Assert.False(report.DroppedAfterAcceptanceByReason.ContainsKey("Busy"));
            Assert.Equal(report.Submitted, report.Finalized + report.Rejected + report.Pending);
            Assert.Equal(2, report.RejectionsByReason.Values.Sum());
        }, Generous);
    }

    [Fact]
    public async Task Submissions_should_go_to_each_target_mempool_in_turn()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        SigningKey[] accounts = [SigningKey.FromSeed("load-a"), SigningKey.FromSeed("load-b")];
        var clock = new ManualClock(NanoMoment.FromUnixSeconds(1_800_000_000));
        var load = Sys.ActorOf(LoadGenerator.Props("roko-test", accounts, [first.Ref, second.Ref], clock, ratePerSecond: 1000,
            TimeSpan.FromMilliseconds(10), seed: 1));

        var ids = new HashSet<Roko.Actors.Primitives.Hash32>();
        for (int turn = 0; turn < 3; turn++)
        {
            Assert.True(ids.Add(first.ExpectMsg<SubmitTransaction>(Generous).Transaction.Id));
            Assert.True(ids.Add(second.ExpectMsg<SubmitTransaction>(Generous).Transaction.Id));
        }
        load.Tell(StopLoad.Instance);
        int submitted = (await load.Ask<LoadReport>(new GetLoadReport(0), Generous)).Submitted;

        // Every submission is in a probe's queue once the report is in (a Tell to a probe enqueues at once): half each.
        int toFirst = 3 + Drain(first), toSecond = 3 + Drain(second);
        Assert.Equal(submitted, toFirst + toSecond);
        Assert.Equal((submitted + 1) / 2, toFirst);
    }

    private static int Drain(Akka.TestKit.TestProbe probe)
    {
        int count = 0;
        while (probe.HasMessages)
        {
            probe.ExpectMsg<SubmitTransaction>(Generous);
            count++;
        }
        return count;
    }
}
