using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.Api;
using Roko.Actors.Crypto;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Support;
using Xunit;
using static Roko.Actors.Api.TransactionStatusTrackerProtocol;

namespace Roko.Actors.Tests.Api;

public sealed class TransactionStatusTrackerSpec : TestKit
{
    private static Hash32 Id(int n) => Sha256.Hash(BitConverter.GetBytes(n));

    /// <summary>
    /// Generous: TestKit's default 3 s once ran out in a full CI run, while every test class was starting at once on two
    /// cores and the tracker's restart waited for a thread.
    /// </summary>
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(30);

    private TransactionOutcome? StatusOf(IActorRef tracker, Hash32 id)
    {
        tracker.Tell(new GetTransactionStatus(id), TestActor);
        return ExpectMsg<CurrentTransactionStatus>(Answer).Outcome;
    }

    [Fact]
    public async Task Tracker_should_keep_what_it_knows_when_it_is_restarted()
    {
        var tracker = await Sys.StartUnderRestartingParentAsync("node", TransactionStatusTracker.Props(capacity: 10), "tx-status");
        tracker.Tell(new SubmissionOutcome(new MempoolProtocol.TransactionAccepted(Id(1))));
        tracker.Tell(new SubmissionOutcome(new MempoolProtocol.TransactionRejected(Id(2), AdmissionCode.Replay, "already pending")));
        Assert.Equal(TransactionPhase.Pending, StatusOf(tracker, Id(1))!.Phase); // started, and subscribed to the event stream

        tracker.Tell(Kill.Instance);
        // Sent while it restarts: waits for the handed-over outcomes, then lands on top of them.
        Sys.EventStream.Publish(new MempoolProtocol.TransactionsDropped(
            [new MempoolProtocol.TransactionRejected(Id(1), AdmissionCode.MempoolRestarted, "the mempool failed and restarted")]));

        Assert.Equal(AdmissionCode.MempoolRestarted, StatusOf(tracker, Id(1))!.Code);
        Assert.Equal(new TransactionOutcome(Id(2), TransactionPhase.Rejected, Code: AdmissionCode.Replay, Reason: "already pending"),
            StatusOf(tracker, Id(2)));
        Assert.Null(StatusOf(tracker, Id(3)));
    }
}
