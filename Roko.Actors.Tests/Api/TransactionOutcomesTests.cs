using Roko.Actors.Api;
using Roko.Actors.Crypto;
using Roko.Actors.Mempool;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Api;

public sealed class TransactionOutcomesTests
{
    private static Hash32 Id(int n) => Sha256.Hash(BitConverter.GetBytes(n));

    [Fact]
    public void Outcomes_should_forget_the_oldest_when_over_capacity()
    {
        var outcomes = new TransactionOutcomes(capacity: 2);

        outcomes.Pending(Id(1));
        outcomes.Pending(Id(2));
        outcomes.Finalized(Id(3), 7);

        Assert.Null(outcomes.Find(Id(1)));
        Assert.Equal(TransactionPhase.Pending, outcomes.Find(Id(2))!.Phase);
        Assert.Equal(new TransactionOutcome(Id(3), TransactionPhase.Finalized, 7), outcomes.Find(Id(3)));
        Assert.Equal(2, outcomes.Count);
    }

    [Fact]
    public void Outcomes_should_keep_finalized_when_a_later_rejection_or_pending_arrives()
    {
        var outcomes = new TransactionOutcomes(capacity: 10);

        outcomes.Finalized(Id(1), 3);
        outcomes.Rejected(Id(1), AdmissionCode.Replay, "seen");
        outcomes.Pending(Id(1));

        Assert.Equal(TransactionPhase.Finalized, outcomes.Find(Id(1))!.Phase);
        Assert.Equal(3UL, outcomes.Find(Id(1))!.Height);
    }

    [Fact]
    public void Outcomes_should_turn_a_dropped_pending_transaction_into_rejected_but_ignore_drops_of_unknown_ones()
    {
        var outcomes = new TransactionOutcomes(capacity: 10);
        outcomes.Pending(Id(1));

        outcomes.Dropped(Id(1), AdmissionCode.Expired, "left the window");
        outcomes.Dropped(Id(2), AdmissionCode.Expired, "left the window");

        Assert.Equal(new TransactionOutcome(Id(1), TransactionPhase.Rejected, Code: AdmissionCode.Expired, Reason: "left the window"), outcomes.Find(Id(1)));
        Assert.Null(outcomes.Find(Id(2)));
    }

    [Fact]
    public void Outcome_should_say_a_pending_transaction_was_lost_in_a_mempool_restart_until_a_block_holds_it()
    {
        var outcomes = new TransactionOutcomes(capacity: 10);
        outcomes.Pending(Id(1));

        outcomes.Dropped(Id(1), AdmissionCode.MempoolRestarted, "the mempool failed and restarted");

        Assert.Equal(new TransactionOutcome(Id(1), TransactionPhase.Rejected, Code: AdmissionCode.MempoolRestarted,
            Reason: "the mempool failed and restarted"), outcomes.Find(Id(1)));
        // Another validator held it and included it.
        outcomes.Finalized(Id(1), 9);
        Assert.Equal(new TransactionOutcome(Id(1), TransactionPhase.Finalized, 9), outcomes.Find(Id(1)));
        Assert.Equal(503, TransactionEndpoints.RefusalStatus(AdmissionCode.MempoolRestarted));
    }

    [Fact]
    public void Busy_should_be_answered_503_distinct_from_the_guards_429() =>
        Assert.Equal(503, TransactionEndpoints.RefusalStatus(AdmissionCode.Busy));
}
