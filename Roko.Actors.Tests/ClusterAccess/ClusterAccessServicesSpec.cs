using Akka.Actor;
using Akka.TestKit.Xunit2;
using Roko.Actors.ClusterAccess;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Xunit;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;

namespace Roko.Actors.Tests.ClusterAccess;

public sealed class ClusterAccessServicesSpec : TestKit
{
    private static readonly ClusterAccessSettings Settings = new() { Enabled = true, MaxSubscribers = 1, SubmitTimeout = TimeSpan.FromMilliseconds(300),
        MaxLightBlocks = 10, ProofHeights = 4 };

    private static Transaction SomeTransaction()
    {
        var key = SigningKey.FromSeed("client");
        return Transaction.Create("roko-test", key, NanoMoment.FromUnixSeconds(1_800_000_000),
            new TransferPayload(SigningKey.FromSeed("other").PublicKey.ToAddress(), Amount.FromRoko(1)));
    }

    [Fact]
    public void Submission_should_translate_the_mempools_rejection_into_a_wire_refusal_with_the_id()
    {
        var mempool = CreateTestProbe();
        var submission = Sys.ActorOf(TransactionSubmission.Props(mempool, Settings, guard: null));
        var tx = SomeTransaction();

        submission.Tell(new SubmitEncodedTransaction(tx.Encode()));
        Assert.Equal(tx.Id, mempool.ExpectMsg<MempoolProtocol.SubmitTransaction>().Transaction.Id);
        mempool.Reply(new MempoolProtocol.TransactionRejected(tx.Id, AdmissionCode.Stale, "older than the window"));

        Assert.Equal(new TransactionRefused(tx.Id.ToString(), nameof(AdmissionCode.Stale), "older than the window"), ExpectMsg<TransactionRefused>());
    }

    [Fact]
    public void Submission_should_answer_timeout_when_the_mempool_does_not_answer()
    {
        var submission = Sys.ActorOf(TransactionSubmission.Props(CreateTestProbe(), Settings, guard: null));

        submission.Tell(new SubmitEncodedTransaction(SomeTransaction().Encode()));

        Assert.Equal("timeout", ExpectMsg<TransactionRefused>(TimeSpan.FromSeconds(5)).Code);
    }

    [Fact]
    public void Header_feed_should_refuse_subscribers_beyond_its_limit_and_drop_terminated_ones()
    {
        var feed = Sys.ActorOf(HeaderFeed.Props(7, Settings, guard: null));
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        feed.Tell(new SubscribeHeaders(first));
        Assert.Equal(7UL, ExpectMsg<HeadersSubscribed>().Height);
        feed.Tell(new SubscribeHeaders(second));
        Assert.Equal(1, ExpectMsg<HeaderFeedFull>().Limit);

        Sys.Stop(first);
        AwaitAssert(() =>
        {
            feed.Tell(new SubscribeHeaders(second));
            ExpectMsg<HeadersSubscribed>(TimeSpan.FromMilliseconds(500));
        }, TimeSpan.FromSeconds(5));
    }
}
