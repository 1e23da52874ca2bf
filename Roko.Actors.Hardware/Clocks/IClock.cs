using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>What consumers (envelopes, mempool, consensus) depend on: an interval that contains true UTC.</summary>
public interface IClock
{
    NanoInterval Now();

    /// <summary>
    /// The clock's best single estimate of true time, for stamping (envelopes, handshakes, pings, alert timestamps). An
    /// unbounded interval has no midpoint, so every clock says what its estimate is: it stays meaningful while the clock is
    /// unsynchronized and its interval unbounded, so such a node can still talk to its peers and be disciplined by them.
    /// </summary>
    NanoMoment Estimate();
}
