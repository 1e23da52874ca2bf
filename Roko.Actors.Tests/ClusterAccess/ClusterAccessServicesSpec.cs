using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Roko.Actors.ClusterAccess;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
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

    /// <summary>A guard whose cluster-client path admits a burst of 2 and then one request a second per client.</summary>
    private static NodeGuard TightGuard() => new(DdosGuardSettings.Create(ConfigurationFactory.ParseString(
            "roko.network.ddos { replenish-period = 1s, cluster-client { rate-per-second = 1, burst = 2 } }").WithFallback(RokoConfig.Defaults)),
        new AssumedUncertaintyClock(1_000_000), metrics: null);

    /// <summary>
    /// Stands in for the receptionist (at /system/…) and its response tunnel to one client, named after the client's
    /// path as the real one is: it sends what it is given to the service with the tunnel as sender and hands the
    /// service's answers to <paramref name="answers"/>.
    /// </summary>
    private IActorRef TunnelFor(string clientPath, IActorRef answers)
    {
        var receptionist = ((ExtendedActorSystem)Sys).SystemActorOf(Props.Create(() => new FakeReceptionist()), "receptionist-" + Guid.NewGuid().ToString("N"));
        return receptionist.Ask<IActorRef>(new TunnelTo(Uri.EscapeDataString(clientPath), answers), TimeSpan.FromSeconds(5)).Result;
    }

    private sealed record TunnelTo(string Name, IActorRef Answers);
    private sealed record Send(IActorRef Service, object Message);

    private sealed class FakeReceptionist : ReceiveActor
    {
        public FakeReceptionist() => Receive<TunnelTo>(t => Sender.Tell(Context.ActorOf(Props.Create(() => new Tunnel(t.Answers)), t.Name)));
    }

    private sealed class Tunnel : ReceiveActor
    {
        public Tunnel(IActorRef answers)
        {
            Receive<Send>(s => s.Service.Tell(s.Message));
            ReceiveAny(answers.Tell);
        }
    }

    [Fact]
    public void Submission_should_answer_rate_limited_to_a_client_over_its_rate_and_leave_the_mempool_alone()
    {
        var guard = TightGuard();
        var mempool = CreateTestProbe();
        var submission = Sys.ActorOf(TransactionSubmission.Props(mempool, Settings, guard));
        var answers = CreateTestProbe();
        var tunnel = TunnelFor("akka.tcp://light@127.0.0.9:4000/user/client", answers);

        for (int i = 0; i < 5; i++) tunnel.Tell(new Send(submission, new SubmitEncodedTransaction([1, 2, 3])));

        var codes = Enumerable.Range(0, 5).Select(_ => answers.ExpectMsg<TransactionRefused>(TimeSpan.FromSeconds(5))).ToList();
        Assert.Equal(2, codes.Count(c => c.Code == "undecodable"));
        var limited = codes.Where(c => c.Code == TransactionSubmission.RateLimitedCode).ToList();
        Assert.Equal(3, limited.Count);
        Assert.All(limited, c => Assert.StartsWith("rate-limited: ", c.Reason));
        Assert.True(guard.ScoreOf(GuardSource.Host("127.0.0.9")) > 2, "the client's refusals raised no suspicion");
        mempool.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Header_feed_should_drop_a_clients_requests_over_its_rate_unanswered()
    {
        var feed = Sys.ActorOf(HeaderFeed.Props(7, Settings, TightGuard()));
        var answers = CreateTestProbe();
        var tunnel = TunnelFor("akka.tcp://light@127.0.0.9:4000/user/client", answers);
        var subscriber = CreateTestProbe();

        for (int i = 0; i < 3; i++) tunnel.Tell(new Send(feed, new SubscribeHeaders(subscriber)));

        answers.ExpectMsg<HeadersSubscribed>();
        answers.ExpectMsg<HeadersSubscribed>();
        answers.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
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
