namespace Roko.Actors.Hardware.Clocks;

/// <summary>Where a clock reading came from.</summary>
public enum ClockSourceKind
{
    System,
    Phc,
    Simulated,
}
