using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

public static class PtpClockProtocol
{
    /// <summary>Sent by the time-sync sampler after a round: true time is our clock + OffsetNanos ± UncertaintyNanos.</summary>
    public sealed record ApplyCorrection(long OffsetNanos, double FrequencyPpb, long UncertaintyNanos);

    /// <summary>
    /// Sent by the time-sync sampler after a round: a correction measured on the raw source, exact however late it is
    /// applied. Answered like <see cref="ApplyCorrection"/>, with <see cref="CorrectionApplied"/> or <see cref="CorrectionRejected"/>.
    /// </summary>
    public sealed record ApplySourceCorrection(SourceCorrection Correction);

    /// <summary>Reply to <see cref="ApplyCorrection"/> and <see cref="ApplySourceCorrection"/>: what the discipline did and the clock's reading afterwards.</summary>
    public sealed record CorrectionApplied(long PhaseNanos, bool Stepped, bool ContradictedPreviousInterval, DisciplinedReading After);

    /// <summary>Reply to <see cref="ApplyCorrection"/> and <see cref="ApplySourceCorrection"/> when it could not be applied (bad input, unreadable source).</summary>
    public sealed record CorrectionRejected(string Reason);

    /// <summary>Asks for <see cref="CurrentClockState"/>.</summary>
    public sealed class GetClockState
    {
        public static GetClockState Instance { get; } = new();

        private GetClockState()
        {
        }
    }

    /// <summary>The clock actor's answer to <see cref="GetClockState"/>.</summary>
    public sealed record CurrentClockState(
        DisciplinedReading Reading,
        string SourceName,
        NanoMoment? LastCorrection,
        string? DegradedReason,
        PhcCrossTimestamp? LastCrossTimestamp);

    /// <summary>Published on the event stream whenever the clock's status changes (corrections, device failure, fallback).</summary>
    public sealed record ClockStatusChanged(ClockStatus Previous, ClockStatus Current, string SourceName, string Reason);

    /// <summary>The clock actor's own periodic timer tick: read the source, measure the PHC cross-timestamp.</summary>
    public sealed class ReadSource
    {
        public static ReadSource Instance { get; } = new();

        private ReadSource()
        {
        }
    }
}
