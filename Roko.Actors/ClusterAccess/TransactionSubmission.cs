using Akka.Actor;
using Roko.Actors.Ledger;
using Roko.Actors.Network;
using Roko.Actors.Primitives;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;
using static Roko.Actors.Mempool.MempoolProtocol;

namespace Roko.Actors.ClusterAccess;

/// <summary>
/// /user/node/tx-submission on validators, registered with the ClusterClientReceptionist: decodes a submitted
/// transaction, hands it to the mempool (/user/node/mempool) and answers the client in wire terms — the mempool's
/// own replies carry types that do not cross the wire. Each submission passes the node's guard first
/// (<see cref="ClusterClientAdmission"/>); the excess is answered <see cref="TransactionRefused"/> with code
/// <c>rate-limited</c>.
/// </summary>
public sealed class TransactionSubmission : ReceiveActor
{
    /// <summary>The code of <see cref="TransactionRefused"/> for a submission over the client's rate.</summary>
    public const string RateLimitedCode = "rate-limited";

    /// <param name="guard">The node's guard (null: submissions are not metered).</param>
    public static Props Props(IActorRef mempool, ClusterAccessSettings settings, NodeGuard? guard) =>
        Akka.Actor.Props.Create(() => new TransactionSubmission(mempool, settings, guard));

    public TransactionSubmission(IActorRef mempool, ClusterAccessSettings settings, NodeGuard? guard)
    {
        var admission = new ClusterClientAdmission(guard);
        Receive<SubmitEncodedTransaction>(submit =>
        {
            if (!admission.Admit(Sender, why => new TransactionRefused(null, RateLimitedCode, why))) return;
            Transaction tx;
            try
            {
                tx = Transaction.Decode(submit.Transaction);
            }
            catch (CanonicalDecodingException e)
            {
                Sender.Tell(new TransactionRefused(null, "undecodable", e.Message));
                return;
            }
            string id = tx.Id.ToString();
            mempool.Ask<object>(new SubmitTransaction(tx), settings.SubmitTimeout).PipeTo(Sender,
                success: reply => reply switch
                {
                    TransactionAccepted => new TransactionSubmitted(id),
                    TransactionRejected rejected => new TransactionRefused(id, rejected.Code.ToString(), rejected.Reason),
                    _ => new TransactionRefused(id, "unexpected", $"the mempool answered {reply.GetType().Name}"),
                },
                failure: e => new TransactionRefused(id, "timeout", $"the mempool did not answer within {settings.SubmitTimeout}: {e.GetBaseException().Message}"));
        });
    }
}
