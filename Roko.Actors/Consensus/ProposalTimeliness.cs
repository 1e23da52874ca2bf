using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Consensus;

public enum TimelinessVerdict
{
    Timely,
    /// <summary>Some reading the receiver's clock allows is before block time − precision.</summary>
    TooEarly,
    /// <summary>Some reading the receiver's clock allows is after block time + message delay + precision.</summary>
    TooLate,
}

/// <summary>
/// Proposer-based timeliness (docs/consensus.md §Timeliness). A proposal with block time <c>t</c> received when the
/// local clock reads the interval <c>[earliest, latest]</c> is timely iff the whole interval lies inside
/// <c>[t − precision, t + messageDelay + precision]</c>, i.e. <c>t − precision ≤ earliest</c> and
/// <c>latest ≤ t + messageDelay + precision</c>, both bounds inclusive. An unbounded clock is never timely.
/// </summary>
public sealed record ProposalTimeliness(long PrecisionNanos, long MessageDelayNanos)
{
    public TimelinessVerdict Check(NanoMoment blockTime, NanoInterval receivedAt)
    {
        if (receivedAt.Earliest < blockTime.AddSaturating(-PrecisionNanos)) return TimelinessVerdict.TooEarly;
        if (receivedAt.Latest > blockTime.AddSaturating(MessageDelayNanos).AddSaturating(PrecisionNanos)) return TimelinessVerdict.TooLate;
        return TimelinessVerdict.Timely;
    }
}
