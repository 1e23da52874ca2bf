using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// An error bound that holds at <see cref="BaseNanos"/> while the reference is there and, once it was lost at
/// <see cref="Since"/>, grows at <see cref="DriftPpm"/> (the oscillator's holdover rate) until it passes
/// <see cref="MaxNanos"/>, where the clock is useless and the bound unbounded. Pure; shared by every source that holds over.
/// </summary>
public readonly record struct HoldoverBound(long BaseNanos, NanoMoment? Since, double DriftPpm, long MaxNanos)
{
    private const double PartsPerMillion = 1e-6;

    public static HoldoverBound Locked(long baseNanos, long maxNanos) => new(baseNanos, null, 0, maxNanos);

    public bool IsHoldingOver => Since is not null;

    /// <summary>The bound at <paramref name="now"/>; <see cref="ClockReading.UnboundedError"/> past <see cref="MaxNanos"/>.</summary>
    public long At(NanoMoment now)
    {
        if (Since is not { } since) return BaseNanos > MaxNanos ? ClockReading.UnboundedError : BaseNanos;
        double elapsed = Math.Max(0, (double)(now.UnixNanoseconds - since.UnixNanoseconds));
        double bound = BaseNanos + Math.Ceiling(elapsed * DriftPpm * PartsPerMillion);
        return bound > MaxNanos ? ClockReading.UnboundedError : (long)bound;
    }
}
