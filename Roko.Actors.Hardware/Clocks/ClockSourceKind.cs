namespace Roko.Actors.Hardware.Clocks;

/// <summary>Where a clock reading came from.</summary>
public enum ClockSourceKind
{
    System,
    Phc,
    Simulated,

    /// <summary>An OCP Time Card read through the ptp_ocp driver (its sysfs status and its PHC).</summary>
    TimeCard,
}
