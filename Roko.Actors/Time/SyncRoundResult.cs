namespace Roko.Actors.Time;

/// <summary>
/// A sync round's verdict. When <see cref="Outcome"/> is Synchronized, true time is our clock + OffsetNanos within
/// ± UncertaintyNanos; otherwise both are zero and no correction must be applied.
/// </summary>
public sealed record SyncRoundResult(
    SyncOutcome Outcome,
    long OffsetNanos,
    long UncertaintyNanos,
    int Agreeing,
    int Sources,
    IReadOnlyList<string> Falsetickers)
{
    public bool ShouldCorrect => Outcome == SyncOutcome.Synchronized;
}
