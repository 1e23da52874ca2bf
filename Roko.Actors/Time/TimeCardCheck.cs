namespace Roko.Actors.Time;

/// <summary>
/// A time card is checked, not trusted. Each round its sampler measures its peers without being steered by them; when
/// the interval the card claims lies wholly outside the Marzullo intersection its peers agree on (strict majority), the
/// round counts against it, and after <c>roko.timesync.card-check.falseticker-after</c> such rounds in a row the card
/// is a falseticker: reported, and no longer counted as a time card (it stops voting where a card is required) until it
/// has agreed for <c>agree-after</c> rounds in a row. A round without a majority says nothing either way.
/// </summary>
public sealed record TimeCardCheck(int DisjointRounds, int AgreeingRounds, bool Falseticker)
{
    public static TimeCardCheck Trusted { get; } = new(0, 0, false);

    /// <summary>The next state after a round: <paramref name="disjoint"/> is null when the round had no agreed interval.</summary>
    public TimeCardCheck Next(bool? disjoint, int falsetickerAfter, int agreeAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(falsetickerAfter, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(agreeAfter, 1);
        if (disjoint is not { } isDisjoint) return this;
        if (isDisjoint)
        {
            int rounds = DisjointRounds + 1;
            return new TimeCardCheck(rounds, 0, Falseticker || rounds >= falsetickerAfter);
        }
        int agreeing = AgreeingRounds + 1;
        return new TimeCardCheck(0, agreeing, Falseticker && agreeing < agreeAfter);
    }

    /// <summary>Whether the card's own offset interval [ownLow, ownHigh] misses the agreed one entirely (all relative to one raw clock).</summary>
    public static bool IsDisjoint(long ownLow, long ownHigh, long agreedLow, long agreedHigh)
    {
        if (ownLow > ownHigh) throw new ArgumentException($"own interval [{ownLow}, {ownHigh}] is empty", nameof(ownLow));
        if (agreedLow > agreedHigh) throw new ArgumentException($"agreed interval [{agreedLow}, {agreedHigh}] is empty", nameof(agreedLow));
        return ownHigh < agreedLow || ownLow > agreedHigh;
    }
}
