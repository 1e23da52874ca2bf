namespace Roko.Actors.Hardware.Clocks;

/// <summary>Which source <c>roko.clock.source</c> selects.</summary>
public enum ClockSourceChoice
{
    System,
    Phc,
    Simulated,
}
