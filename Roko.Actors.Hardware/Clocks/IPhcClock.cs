using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// A clock read with clock_gettime that can also be cross-timestamped against CLOCK_REALTIME: a PTP hardware clock
/// (<see cref="PhcClockSource"/>) or, on machines without one, a <see cref="ClockIdStandIn"/>.
/// </summary>
public interface IPhcClock
{
    string Name { get; }

    /// <summary>One clock_gettime on the clock; throws <see cref="ClockUnavailableException"/> when it fails.</summary>
    NanoMoment ReadTime();

    /// <summary>The clock minus CLOCK_REALTIME, with the uncertainty of that measurement.</summary>
    PhcCrossTimestamp MeasureSystemOffset();
}
