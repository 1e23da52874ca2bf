namespace Roko.Actors.Time;

/// <summary>
/// Marzullo's algorithm over closed intervals: finds the interval contained in the largest number of sources.
/// Touching endpoints overlap (a start sorts before an end at the same coordinate). Ties between equally agreed
/// regions go to the earliest.
/// </summary>
public static class Marzullo
{
    private const int Start = -1;
    private const int End = +1;

    public static MarzulloResult Intersect(ReadOnlySpan<(long Low, long High)> intervals)
    {
        if (intervals.IsEmpty) return MarzulloResult.None;
        var edges = new (long At, int Kind)[intervals.Length * 2];
        for (int i = 0; i < intervals.Length; i++)
        {
            var (low, high) = intervals[i];
            if (low > high)
                throw new ArgumentException($"interval at index {i} is malformed: low {low} > high {high}", nameof(intervals));
            edges[2 * i] = (low, Start);
            edges[2 * i + 1] = (high, End);
        }
        Array.Sort(edges);

        int best = 0, count = 0;
        long bestLow = 0, bestHigh = 0;
        for (int i = 0; i < edges.Length; i++)
        {
            if (edges[i].Kind == Start)
            {
                count++;
                if (count > best)
                {
                    best = count;
                    bestLow = edges[i].At;
                    bestHigh = edges[i + 1].At;
                }
            }
            else
            {
                count--;
            }
        }
        return new MarzulloResult(bestLow, bestHigh, best);
    }

    /// <summary>Indices of the intervals that do not contain the whole of the chosen intersection.</summary>
    public static IReadOnlyList<int> Falsetickers(ReadOnlySpan<(long Low, long High)> intervals, MarzulloResult chosen)
    {
        var falsetickers = new List<int>();
        for (int i = 0; i < intervals.Length; i++)
        {
            if (chosen.Agreeing == 0 || intervals[i].Low > chosen.Low || intervals[i].High < chosen.High)
                falsetickers.Add(i);
        }
        return falsetickers;
    }
}
