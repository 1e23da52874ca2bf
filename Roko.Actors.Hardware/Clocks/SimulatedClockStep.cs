using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>A scheduled jump of a simulated clock: from true time <paramref name="At"/> on, it reads <paramref name="StepNanos"/> more.</summary>
public readonly record struct SimulatedClockStep(NanoMoment At, long StepNanos);
