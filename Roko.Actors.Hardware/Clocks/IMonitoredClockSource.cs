namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// A source whose status comes from outside its clock (a time card's sysfs, ptp4l's servo): the clock actor asks it to
/// look again at every roko.clock.reading-interval. Its <see cref="IClockSource.Read"/> stays cheap (the clock read plus
/// the status last seen), so every reader of the node clock does not touch sysfs or a socket.
/// </summary>
public interface IMonitoredClockSource : IClockSource
{
    /// <summary>
    /// Looks at the source's status again. Problems with the status itself make the readings unsynchronized (and are
    /// described in the answer); a clock that can no longer be read throws <see cref="ClockUnavailableException"/>.
    /// </summary>
    ClockSourceCheck Refresh();
}

/// <summary>What a <see cref="IMonitoredClockSource"/> found: a line for the log and the cross-timestamp it measured, if any.</summary>
public sealed record ClockSourceCheck(string Description, PhcCrossTimestamp? CrossTimestamp);
