using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Nodes;

/// <summary>
/// The system clock with a fixed, assumed uncertainty either side: for benchmarks and tests that need a node clock
/// without the time layer (nodes themselves use the disciplined clock; see <c>roko.clock.assumed-uncertainty</c>).
/// </summary>
public sealed class AssumedUncertaintyClock(long uncertaintyNanos) : IClock
{
    public NanoInterval Now() => NanoInterval.Around(Estimate(), uncertaintyNanos);

    public NanoMoment Estimate() => NanoMoment.FromDateTime(DateTime.UtcNow);
}
