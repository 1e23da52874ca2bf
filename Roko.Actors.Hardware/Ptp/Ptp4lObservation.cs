using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// One poll of ptp4l's management socket: its servo state and data sets, and the disciplined clock's own reading taken
/// right after them (<see cref="ClockNow"/>, on the time scale of <see cref="TimeStatusNp.IngressTimeNanoseconds"/>).
/// </summary>
public sealed record Ptp4lObservation(TimeStatusNp Time, PortDataSet Port, ParentDataSet Parent, CurrentDataSet Current, NanoMoment ClockNow)
{
    /// <summary>This clock is the grandmaster: ptp4l sees no other, and its parent is itself.</summary>
    public bool IsGrandmaster => !Time.GrandmasterPresent && Parent.GrandmasterIdentity == Port.PortIdentity.ClockIdentity;

    public byte GrandmasterClockClass => Parent.GrandmasterClockQuality.ClockClass;

    public override string ToString() =>
        $"port {Port.PortState}, grandmaster {Parent.GrandmasterIdentity} (class {GrandmasterClockClass}, accuracy 0x{Parent.GrandmasterClockQuality.ClockAccuracy:X2}), " +
        $"master offset {Time.MasterOffsetNanoseconds} ns, mean path delay {Current.MeanPathDelayNanoseconds:F0} ns, steps removed {Current.StepsRemoved}";
}
