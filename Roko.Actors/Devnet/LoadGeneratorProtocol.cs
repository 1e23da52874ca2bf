using Roko.Actors.Ledger;

namespace Roko.Actors.Devnet;

public static class LoadGeneratorProtocol
{
    /// <summary>Timer tick: submit the transactions that are due at the configured rate.</summary>
    public sealed record SubmitDue
    {
        public static SubmitDue Instance { get; } = new();
    }

    /// <summary>From the devnet runner: stop submitting (commits are still followed).</summary>
    public sealed record StopLoad
    {
        public static StopLoad Instance { get; } = new();
    }

    /// <summary>From a node's event stream observer: <paramref name="Node"/> committed this block.</summary>
    public sealed record NodeCommitted(string Node, Block Block);

    /// <summary>Asks for the figures so far; submissions before <paramref name="SettleBeforeMs"/> (run time) are counted apart. Answered by <see cref="LoadReport"/>.</summary>
    public sealed record GetLoadReport(double SettleBeforeMs);

    /// <summary>
    /// <paramref name="RefusedByReason"/>: submissions the node answered with a refusal; <paramref name="DroppedAfterAcceptanceByReason"/>:
    /// accepted ones the pool dropped later. Submitted = finalized + both + pending.
    /// </summary>
    public sealed record LoadReport(
        int Submitted, int Finalized, int Rejected, int Pending, ulong Blocks, int Forks,
        double FinalityP50Ms, double FinalityP99Ms, int SubmittedBeforeSettle, int FinalizedBeforeSettle,
        IReadOnlyDictionary<string, int> RefusedByReason, IReadOnlyDictionary<string, int> DroppedAfterAcceptanceByReason,
        double BlockTimeP50Ms, double RoundsPerHeightMean, double MaxBlockGapMs)
    {
        /// <summary>Both kinds of rejection by reason.</summary>
        public IReadOnlyDictionary<string, int> RejectionsByReason =>
            RefusedByReason.Concat(DroppedAfterAcceptanceByReason).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
    }
}
