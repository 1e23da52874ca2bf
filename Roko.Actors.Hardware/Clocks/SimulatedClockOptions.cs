namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// How a simulated clock deviates from true time, and what error bound it claims (which need not be honest:
/// a falseticker claims a narrow bound around a wrong time).
/// </summary>
public sealed record SimulatedClockOptions
{
    public long OffsetNanos { get; init; }

    /// <summary>Frequency error, parts per million: +1 ppm gains 1 µs per second of true time.</summary>
    public double DriftPpm { get; init; }

    /// <summary>Each reading is off by a uniform random amount in [-JitterNanos, +JitterNanos].</summary>
    public long JitterNanos { get; init; }

    public int Seed { get; init; }

    public long ClaimedErrorNanos { get; init; }

    public ClockStatus ClaimedStatus { get; init; } = ClockStatus.Synchronized;

    public IReadOnlyList<SimulatedClockStep> Steps { get; init; } = [];

    /// <summary>
    /// A jump of <see cref="StepNanos"/> (0: none) once <see cref="StepAfterNanos"/> of true time have passed since the
    /// clock was built — roko.clock.simulated.step / step-after, how a running node's clock is stepped in fault tests.
    /// </summary>
    public long StepNanos { get; init; }

    public long StepAfterNanos { get; init; }

    /// <summary>
    /// Whether this simulated clock stands in for a PTP hardware clock (a GPS-disciplined time card): devnets and tests
    /// use it to run time-card nodes without /dev/ptp*. Its readings still say <see cref="ClockSourceKind.Simulated"/>.
    /// </summary>
    public bool TimeCard { get; init; }
}
