using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>One read of the disciplined clock: its point estimate, the interval that contains true time, its status.</summary>
public readonly record struct DisciplinedReading(NanoMoment Estimate, NanoInterval Interval, ClockStatus Status)
{
    public override string ToString() => Status == ClockStatus.Unsynchronized
        ? $"{Estimate} UNSYNCHRONIZED, interval {Interval}"
        : $"{Estimate} {Interval} ({Status})";
}
