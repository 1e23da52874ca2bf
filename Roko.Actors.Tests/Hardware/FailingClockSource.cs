using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Tests.Hardware;

/// <summary>A device that reads well until told to fail, then fails every read as an unplugged PHC would.</summary>
internal sealed class FailingClockSource(Func<NanoMoment> truth) : IClockSource
{
    private const int Enodev = 19;
    private volatile bool _failed;

    public string Name => "failing test device";

    public void Fail() => _failed = true;

    public ClockReading Read() => _failed
        ? throw new ClockUnavailableException("/dev/ptp-test", Enodev, "clock_gettime")
        : new ClockReading(truth(), 1_000, ClockSourceKind.Phc, ClockStatus.Synchronized);
}
