using Roko.Actors.Mempool;
using Roko.Actors.Primitives;

namespace Roko.Actors.Api;

public static class TransactionStatusTrackerProtocol
{
    /// <summary>From POST /txs: the mempool's answer to a submission (<see cref="MempoolProtocol.TransactionAccepted"/> or <see cref="MempoolProtocol.TransactionRejected"/>).</summary>
    public sealed record SubmissionOutcome(object Answer);

    /// <summary>From GET /txs/{id}; answered by <see cref="CurrentTransactionStatus"/>.</summary>
    public sealed record GetTransactionStatus(Hash32 Id);

    /// <summary><paramref name="Outcome"/> is null when the tracker does not know the transaction.</summary>
    public sealed record CurrentTransactionStatus(Hash32 Id, TransactionOutcome? Outcome);

    /// <summary>From a failed tracker to its next incarnation (the mailbox outlives a restart): what it knew.</summary>
    public sealed record OutcomesHandedOver(TransactionOutcomes Outcomes);
}
