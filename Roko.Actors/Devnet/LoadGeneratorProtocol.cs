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

    public sealed record LoadReport(
        int Submitted, int Finalized, int Rejected, int Pending, ulong Blocks, int Forks,
        double FinalityP50Ms, double FinalityP99Ms, int SubmittedBeforeSettle, int FinalizedBeforeSettle,
        IReadOnlyDictionary<string, int> RejectionsByReason, double BlockTimeP50Ms, double RoundsPerHeightMean, double MaxBlockGapMs);
}
