namespace Roko.Actors.Hardware.Clocks;

public enum ClockStatus
{
    /// <summary>Disciplined by an external reference; the error bound is live.</summary>
    Synchronized,

    /// <summary>Not currently disciplined, but the error bound is still honest (holdover, claimed by the card).</summary>
    FreeRunning,

    /// <summary>Nothing bounds the error: readings are a guess and the error bound is unbounded.</summary>
    Unsynchronized,
}
