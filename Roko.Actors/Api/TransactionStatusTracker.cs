using Akka.Actor;
using Roko.Actors.Mempool;
using Roko.Actors.Persistence;
using static Roko.Actors.Api.TransactionStatusTrackerProtocol;

namespace Roko.Actors.Api;

/// <summary>
/// Remembers what became of transactions for GET /txs/{id}: the admission outcomes of submissions through the API,
/// the mempool's drop notices, and every transaction of every committed block (so transactions submitted through
/// other nodes are found too). Memory is bounded by <c>roko.http.tracked-transactions</c>. A restart keeps what it
/// knows: the failed incarnation hands its outcomes to the next one, which answers nothing until it has them.
/// </summary>
public sealed class TransactionStatusTracker : ReceiveActor, IWithUnboundedStash
{
    private TransactionOutcomes _outcomes;

    public IStash Stash { get; set; } = null!;

    public static Props Props(int capacity) => Akka.Actor.Props.Create(() => new TransactionStatusTracker(capacity));

    public TransactionStatusTracker(int capacity)
    {
        _outcomes = new TransactionOutcomes(capacity);
        Tracking();
    }

    private void Tracking()
    {
        Receive<SubmissionOutcome>(OnSubmission);
        Receive<ChainStoreProtocol.BlockCommitted>(e =>
        {
            foreach (var tx in e.Block.Transactions) _outcomes.Finalized(tx.Id, e.Block.Height);
        });
        Receive<MempoolProtocol.TransactionsDropped>(e =>
        {
            foreach (var dropped in e.Dropped) _outcomes.Dropped(dropped.Id, dropped.Code, dropped.Reason);
        });
        Receive<GetTransactionStatus>(q => Sender.Tell(new CurrentTransactionStatus(q.Id, _outcomes.Find(q.Id))));
    }

    private void OnSubmission(SubmissionOutcome outcome)
    {
        switch (outcome.Answer)
        {
            case MempoolProtocol.TransactionAccepted accepted:
                _outcomes.Pending(accepted.Id);
                break;
            case MempoolProtocol.TransactionRejected rejected:
                _outcomes.Rejected(rejected.Id, rejected.Code, rejected.Reason);
                break;
        }
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ChainStoreProtocol.BlockCommitted));
        Context.System.EventStream.Subscribe(Self, typeof(MempoolProtocol.TransactionsDropped));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>
    /// Hands the outcomes to the next incarnation. Not the base behaviour (it has no children to stop): its PostStop would
    /// unsubscribe, and a commit or drop notice published during the restart would be missed.
    /// </summary>
    protected override void PreRestart(Exception reason, object message) => Self.Tell(new OutcomesHandedOver(_outcomes));

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        Become(Restoring);
    }

    private void Restoring()
    {
        Receive<OutcomesHandedOver>(handed =>
        {
            _outcomes = handed.Outcomes;
            Become(Tracking);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }
}
