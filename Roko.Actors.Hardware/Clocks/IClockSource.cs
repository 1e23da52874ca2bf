namespace Roko.Actors.Hardware.Clocks;

/// <summary>A raw clock: one reading per call, no discipline applied. Implementations are safe to read from any thread.</summary>
public interface IClockSource
{
    ClockReading Read();

    string Name { get; }
}
