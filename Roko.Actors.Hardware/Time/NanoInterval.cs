namespace Roko.Actors.Hardware.Time;

/// <summary>
/// A closed interval <c>[Earliest, Latest]</c> that is claimed to contain true UTC. A clock that cannot bound
/// its error returns <see cref="Unbounded"/>, never a narrow guess.
/// </summary>
public readonly record struct NanoInterval
{
    public NanoMoment Earliest { get; }
    public NanoMoment Latest { get; }

    public NanoInterval(NanoMoment earliest, NanoMoment latest)
    {
        if (latest < earliest)
            throw new ArgumentException($"NanoInterval latest {latest} is before earliest {earliest}.");
        Earliest = earliest;
        Latest = latest;
    }

    public static NanoInterval Unbounded { get; } = new(NanoMoment.MinValue, NanoMoment.MaxValue);

    /// <summary>An interval <c>midpoint ± halfWidthNanos</c>, saturating at the ends of the range.</summary>
    public static NanoInterval Around(NanoMoment midpoint, long halfWidthNanos)
    {
        if (halfWidthNanos < 0)
            throw new ArgumentOutOfRangeException(nameof(halfWidthNanos), halfWidthNanos, "half-width must be >= 0");
        return new NanoInterval(midpoint.AddSaturating(-halfWidthNanos), midpoint.AddSaturating(halfWidthNanos));
    }

    public bool IsBounded => Earliest != NanoMoment.MinValue && Latest != NanoMoment.MaxValue;

    /// <summary>
    /// Midpoint of a bounded interval (rounded towards Earliest); null when the interval is unbounded, which has no
    /// midpoint (the arithmetic middle of the whole range would be a moment in 1970). A caller that needs a moment while
    /// the clock is unbounded uses the clock's own estimate (<c>IClock.Estimate</c>).
    /// </summary>
    public NanoMoment? Midpoint => IsBounded
        ? new NanoMoment(Earliest.UnixNanoseconds + (long)(((ulong)(Latest.UnixNanoseconds - Earliest.UnixNanoseconds)) / 2))
        : null;

    /// <summary>Half the width in nanoseconds; <see cref="long.MaxValue"/> when unbounded.</summary>
    public long HalfWidthNanos =>
        IsBounded ? (long)(((ulong)(Latest.UnixNanoseconds - Earliest.UnixNanoseconds)) / 2) : long.MaxValue;

    public bool Contains(NanoMoment moment) => Earliest <= moment && moment <= Latest;

    public override string ToString() => IsBounded ? $"[{Earliest}, {Latest}]" : "[unbounded]";
}
