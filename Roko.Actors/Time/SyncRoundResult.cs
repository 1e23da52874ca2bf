namespace Roko.Actors.Time;

/// <summary>
/// A sync round's verdict. When <see cref="Outcome"/> is Synchronized, true time is our clock + OffsetNanos within
/// ± UncertaintyNanos; otherwise both are zero and no correction must be applied. <see cref="CombinedOffsetNanos"/> is
/// the survivors' weighted point inside that interval (null when no survivor carried one).
/// </summary>
public sealed record SyncRoundResult(
    SyncOutcome Outcome,
    long OffsetNanos,
    long UncertaintyNanos,
    int Agreeing,
    int Sources,
    IReadOnlyList<string> Falsetickers)
{
    public long? CombinedOffsetNanos { get; init; }

    public bool ShouldCorrect => Outcome == SyncOutcome.Synchronized;
}
