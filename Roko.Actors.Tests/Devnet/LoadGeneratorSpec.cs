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
        var load = Sys.ActorOf(LoadGenerator.Props("roko-test", accounts, pool.Ref, clock, ratePerSecond: 1000, TimeSpan.FromMilliseconds(10), seed: 1));

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
}
