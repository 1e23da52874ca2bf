using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;

namespace Roko.Actors.Tests.MultiNode;

/// <summary>
/// A real ClusterClient in a separate ActorSystem that is not a cluster member (provider = remote) reaches a
/// validator's ClusterClientReceptionist: it submits a transaction that gets finalized, has garbage refused, and
/// receives committed headers with commit certificates that verify against the genesis validator set.
/// </summary>
[Collection(MultiNodeCollection.Name)]
public sealed class ClusterClientAccessSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private readonly ValidatorNetwork _network = new(output);
    private ActorSystem? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null) await _client.Terminate().WaitAsync(TimeSpan.FromSeconds(15));
        await _network.DisposeAsync();
    }

    [Fact]
    public async Task Cluster_client_outside_the_cluster_should_submit_a_transaction_and_receive_committed_headers()
    {
        await _network.StartAsync(1);
        var validator = _network.Nodes[0];
        await _network.AwaitHeightAsync(1, Generous);

        _client = ActorSystem.Create("light", ClientSystemConfig.For("127.0.0.1"));
        var contact = ActorPath.Parse($"{validator.Node.Address}/system/receptionist");
        var client = _client.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(_client).WithInitialContacts([contact])), "client");
        var headers = new ConcurrentQueue<CommittedHeader>();
        var subscriber = _client.ActorOf(Props.Create(() => new HeaderCollector(headers)), "headers");

        var subscribed = await client.Ask<HeadersSubscribed>(new ClusterClient.Send(HeaderFeedPath, new SubscribeHeaders(subscriber)), AskTimeout);
        output.WriteLine($"subscribed to headers at height {subscribed.Height}");

        var accounts = _network.Layout.LoadAccountKeys();
        var tx = Transaction.Create(_network.Genesis.ChainId, accounts[0], NanoMoment.FromDateTime(DateTime.UtcNow),
            new TransferPayload(accounts[1].PublicKey.ToAddress(), Amount.FromRoko(1)));
        var submitted = await client.Ask<object>(new ClusterClient.Send(TransactionSubmissionPath, new SubmitEncodedTransaction(tx.Encode())), AskTimeout);
        Assert.Equal(new TransactionSubmitted(tx.Id.ToString()), submitted);

        var garbage = await client.Ask<object>(new ClusterClient.Send(TransactionSubmissionPath, new SubmitEncodedTransaction([1, 2, 3])), AskTimeout);
        var refused = Assert.IsType<TransactionRefused>(garbage);
        Assert.Equal("undecodable", refused.Code);
        Assert.Null(refused.Id);

        var finalizedAfter = await Eventually.AwaitAssertAsync(() =>
            Assert.Contains(validator.Committed.Values, b => b.Transactions.Any(t => t.Id == tx.Id)), Generous);
        ulong inBlock = validator.Committed.Values.First(b => b.Transactions.Any(t => t.Id == tx.Id)).Height;
        output.WriteLine($"transaction {tx.Id.Short} submitted through the ClusterClient, finalized in block {inBlock} {finalizedAfter.TotalMilliseconds:F0} ms later");

        var validators = LedgerState.FromGenesis(_network.Genesis).Validators;
        await Eventually.AwaitAssertAsync(() => Assert.Contains(headers, h => h.Height >= inBlock), Generous);
        foreach (var pushed in headers)
        {
            var header = BlockHeader.Decode(pushed.Header);
            var reader = new CanonicalReader(pushed.Certificate);
            var certificate = CommitCertificate.ReadFrom(ref reader);
            Assert.Equal(pushed.Height, header.Height);
            Assert.Null(certificate.Verify(header, validators));
            Assert.Equal(validator.Committed[header.Height].Hash, header.Hash);
        }
        output.WriteLine($"{headers.Count} headers pushed, heights {headers.Min(h => h.Height)}..{headers.Max(h => h.Height)}, every certificate verified");

        Assert.Equal(HeadersUnsubscribed.Instance,
            await client.Ask<HeadersUnsubscribed>(new ClusterClient.Send(HeaderFeedPath, new UnsubscribeHeaders(subscriber)), AskTimeout));
        int atUnsubscribe = headers.Count;
        ulong height = await ValidatorNetwork.HeightAsync(validator);
        await _network.AwaitHeightAsync(height + 3, Generous);
        Assert.InRange(headers.Count, atUnsubscribe, atUnsubscribe + 1); // at most one already on its way
    }

    private sealed class HeaderCollector : ReceiveActor
    {
        public HeaderCollector(ConcurrentQueue<CommittedHeader> headers) => Receive<CommittedHeader>(headers.Enqueue);
    }
}
