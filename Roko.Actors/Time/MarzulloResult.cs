namespace Roko.Actors.Time;

/// <summary>The smallest interval agreed by the most sources: [Low, High], and how many sources contain it (0 for no input).</summary>
public readonly record struct MarzulloResult(long Low, long High, int Agreeing)
{
    public static MarzulloResult None { get; } = new(0, 0, 0);

    public bool Contains(long point) => Agreeing > 0 && Low <= point && point <= High;
}
