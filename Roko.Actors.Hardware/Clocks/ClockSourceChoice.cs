namespace Roko.Actors.Hardware.Clocks;

/// <summary>Which source <c>roko.clock.source</c> selects.</summary>
public enum ClockSourceChoice
{
    System,
    Phc,
    Simulated,

    /// <summary>An OCP Time Card through the ptp_ocp driver (roko.clock.time-card).</summary>
    TimeCard,
}
