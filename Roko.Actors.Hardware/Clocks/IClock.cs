using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>What consumers (envelopes, mempool, consensus) depend on: an interval that contains true UTC.</summary>
public interface IClock
{
    NanoInterval Now();
}
