namespace Roko.Actors.Hardware.Clocks;

/// <summary>Which source <c>roko.clock.source</c> selects.</summary>
public enum ClockSourceChoice
{
    System,
    Phc,
    Simulated,

    /// <summary>An OCP Time Card through the ptp_ocp driver (roko.clock.time-card).</summary>
    TimeCard,

    /// <summary>A clock that ptp4l disciplines (roko.clock.ptp4l; its state read over ptp4l's management socket).</summary>
    Ptp4l,
}
