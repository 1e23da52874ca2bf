using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Tests.Support;

/// <summary>A clock that stands still until the test moves it: exact, certain readings for rules that take the time.</summary>
public sealed class ManualClock(NanoMoment start) : IClock
{
    private readonly object _gate = new();
    private NanoMoment _now = start;

    public NanoInterval Now()
    {
        lock (_gate) return new NanoInterval(_now, _now);
    }

    public NanoMoment Estimate()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}
