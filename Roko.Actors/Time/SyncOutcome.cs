namespace Roko.Actors.Time;

public enum SyncOutcome
{
    /// <summary>A majority of sources agree; the correction may be applied.</summary>
    Synchronized,

    /// <summary>Fewer sources answered than roko.timesync.min-sources: no correction.</summary>
    TooFewSources,

    /// <summary>No interval is shared by more than half of the sources: no correction, the clock is unsynchronized.</summary>
    NoMajority,
}
