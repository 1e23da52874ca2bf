namespace Roko.Actors.Time.Bench;

public enum TimesyncBenchRole
{
    /// <summary>Locked to true time with a small honest error claim; anchors the others and is never corrected.</summary>
    TimeCard,

    /// <summary>Claims a time card's error but reads far from true time; never corrected.</summary>
    Falseticker,

    /// <summary>Starts unsynchronized, off in phase and frequency, and must converge through the sampler.</summary>
    Converging,
}
