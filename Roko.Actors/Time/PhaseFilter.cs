using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// Where inside a round's agreed interval to aim the clock. Offsets are measured against the raw source, which is never
/// corrected, so over a window they lie on a line (phase + frequency, the oscillator's drift): each round adds its
/// combined point to the <see cref="FrequencyEstimator"/> and, once <c>minPoints</c> rounds are fitted, the line's value
/// now is the estimate — a frequency-locked phase filter, far less noisy than any single round. The estimate is clamped
/// into the agreed interval, the only thing the clock claims. A fitted line that has left the agreed interval no longer
/// describes the source (it was stepped, or a peer set changed under us): its history is discarded and it starts afresh.
/// </summary>
public static class PhaseFilter
{
    public readonly record struct Step(FrequencyEstimator Estimator, long EstimateNanos, bool HistoryDiscarded);

    public static Step Next(FrequencyEstimator estimator, NanoMoment at, SyncRoundResult round, int minPoints)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(round);
        if (!round.ShouldCorrect) throw new ArgumentException($"round outcome {round.Outcome} gives no offset to filter", nameof(round));
        ArgumentOutOfRangeException.ThrowIfLessThan(minPoints, 2);
        long low = round.OffsetNanos - round.UncertaintyNanos;
        long high = round.OffsetNanos + round.UncertaintyNanos;
        long measured = Math.Clamp(round.CombinedOffsetNanos ?? round.OffsetNanos, low, high);

        bool discarded = false;
        if (Fitted(estimator, at, minPoints) is { } predicted && (predicted < low || predicted > high))
        {
            estimator = FrequencyEstimator.Empty(estimator.Window, estimator.MaxDriftPpm);
            discarded = true;
        }
        estimator = estimator.Add(at, measured);
        long estimate = Math.Clamp(Fitted(estimator, at, minPoints) ?? measured, low, high);
        return new Step(estimator, estimate, discarded);
    }

    private static long? Fitted(FrequencyEstimator estimator, NanoMoment at, int minPoints) =>
        estimator.Points.Length >= minPoints ? estimator.OffsetAt(at) : null;
}
