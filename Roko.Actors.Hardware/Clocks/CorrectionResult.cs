namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// What applying a correction did. <see cref="ContradictedPreviousInterval"/> means the new estimate did not overlap
/// the interval the clock was claiming, so that interval was wrong (or the correction is): the clock takes the new
/// one, and its earliest bound may move back once.
/// </summary>
public sealed record CorrectionResult(long PhaseNanos, bool Stepped, bool ContradictedPreviousInterval, DisciplineSnapshot Snapshot);
