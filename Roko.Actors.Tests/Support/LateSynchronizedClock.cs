using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// The host clock (±10 ms assumed) that reads unbounded, as a node's clock does after a restart before time sync has
/// corrected it, until <see cref="Synchronize"/> is called. Its estimate stays meaningful throughout.
/// </summary>
internal sealed class LateSynchronizedClock(bool synchronized) : IClock
{
    private readonly AssumedUncertaintyClock _clock = new(10_000_000);
    private volatile bool _synchronized = synchronized;

    public void Synchronize() => _synchronized = true;

    public NanoInterval Now() => _synchronized ? _clock.Now() : NanoInterval.Unbounded;

    // Envelopes, handshakes, pings and local timers use the best estimate even while unsynchronized.
    public NanoMoment Estimate() => _clock.Estimate();
}
