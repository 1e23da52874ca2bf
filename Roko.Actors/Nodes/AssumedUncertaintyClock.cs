using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Nodes;

/// <summary>
/// The system clock with a configured uncertainty either side (<c>roko.node.clock-uncertainty</c>): what a node
/// uses until the disciplined clock of the time layer replaces it.
/// </summary>
public sealed class AssumedUncertaintyClock(long uncertaintyNanos) : IClock
{
    public NanoInterval Now() => NanoInterval.Around(NanoMoment.FromDateTime(DateTime.UtcNow), uncertaintyNanos);
}
