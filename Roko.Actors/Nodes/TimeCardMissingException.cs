using Roko.Actors.Hardware.Clocks;

namespace Roko.Actors.Nodes;

/// <summary>
/// A validator is configured for a time card (roko.clock.source = time-card, ptp4l or phc) and the card cannot be read: it
/// refuses to start, saying what to install or change, rather than run and never vote.
/// </summary>
public sealed class TimeCardMissingException(ClockSourceChoice source, Exception failure) : Exception(Describe(source, failure), failure)
{
    private static string Describe(ClockSourceChoice source, Exception failure)
    {
        string key = source == ClockSourceChoice.TimeCard ? "roko.clock.time-card.card" : "roko.clock.phc-device";
        string name = source switch
        {
            ClockSourceChoice.TimeCard => "time-card",
            ClockSourceChoice.Ptp4l => "ptp4l",
            _ => "phc",
        };
        return $"this validator is configured for a time card (roko.clock.source = {name}) " +
               $"and cannot read it: {failure.Message}. Install the card and its driver (OCP Time Card: modprobe ptp_ocp; " +
               $"a NIC PHC: its driver and ptp4l), point {key} at it, or set roko.clock.source to the clock this node really has " +
               "(a validator without a time card does not vote where roko.validator.require-time-card is on)";
    }
}
