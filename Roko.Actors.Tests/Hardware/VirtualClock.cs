using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Tests.Hardware;

/// <summary>True time for tests: moves only when told to.</summary>
internal sealed class VirtualClock(NanoMoment start)
{
    private long _now = start.UnixNanoseconds;

    public NanoMoment Now => new(Interlocked.Read(ref _now));

    public void Advance(long nanos) => Interlocked.Add(ref _now, nanos);

    public Func<NanoMoment> AsFunc() => () => Now;
}
