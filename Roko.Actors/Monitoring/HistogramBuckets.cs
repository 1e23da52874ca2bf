namespace Roko.Actors.Monitoring;

/// <summary>Upper bounds (seconds) of the duration histograms; <c>+Inf</c> is added by the exposition.</summary>
public static class HistogramBuckets
{
    /// <summary>Block time, finality and round durations: a devnet commits in well under a second, a stalled
    /// network takes tens of seconds.</summary>
    public static IReadOnlyList<double> Consensus { get; } = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

    /// <summary>One consensus step (propose, prevote, precommit, commit): milliseconds to a timeout of seconds.</summary>
    public static IReadOnlyList<double> ConsensusStep { get; } = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Used for a histogram that carries no bucket advice.</summary>
    public static IReadOnlyList<double> Fallback { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
