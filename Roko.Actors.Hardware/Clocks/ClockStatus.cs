namespace Roko.Actors.Hardware.Clocks;

public enum ClockStatus
{
    /// <summary>Disciplined by an external reference; the error bound is live.</summary>
    Synchronized,

    /// <summary>Not currently disciplined, but the error bound is still honest (claimed by the deployment for its PHC).</summary>
    FreeRunning,

    /// <summary>
    /// Was disciplined by its reference (GNSS, a PTP grandmaster) and lost it: the oscillator holds over, and the error bound
    /// grows at its holdover rate from the moment of the loss until it is useless.
    /// </summary>
    Holdover,

    /// <summary>Nothing bounds the error: readings are a guess and the error bound is unbounded.</summary>
    Unsynchronized,
}
