namespace Roko.Actors.Hardware.Ptp;

public static class Ptp4lMonitorProtocol
{
    /// <summary>Asks the monitor for <see cref="CurrentPtp4lState"/>.</summary>
    public sealed class GetPtp4lState
    {
        public static GetPtp4lState Instance { get; } = new();

        private GetPtp4lState()
        {
        }
    }

    /// <summary>The monitor's answer: its last judgement of ptp4l's state (with what it saw) and how many polls failed.</summary>
    public sealed record CurrentPtp4lState(Ptp4lJudgement Judgement, long Polls, long FailedPolls);

    /// <summary>Published on the event stream when the judged status changes (locked, lost, holdover, unsynchronized).</summary>
    public sealed record Ptp4lStatusChanged(Ptp4lJudgement Previous, Ptp4lJudgement Current);

    /// <summary>The monitor's own timer tick: ask ptp4l again.</summary>
    internal sealed class Poll
    {
        public static Poll Instance { get; } = new();

        private Poll()
        {
        }
    }

    /// <summary>What one poll brought back to the monitor: an observation, or why there is none.</summary>
    internal sealed record Polled(Ptp4lObservation? Observation, string? Failure);
}
