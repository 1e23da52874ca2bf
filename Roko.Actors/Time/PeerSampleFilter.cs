using System.Collections.Immutable;

namespace Roko.Actors.Time;

/// <summary>
/// The last K samples from one peer; the best is the one with the lowest delay, since a short round trip leaves the
/// least room for asymmetric paths (NTP's clock filter idea).
/// </summary>
public sealed record PeerSampleFilter
{
    private PeerSampleFilter(int capacity, ImmutableArray<ProbeSample> samples)
    {
        Capacity = capacity;
        Samples = samples;
    }

    public int Capacity { get; }

    public ImmutableArray<ProbeSample> Samples { get; }

    public static PeerSampleFilter Empty(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        return new PeerSampleFilter(capacity, []);
    }

    public PeerSampleFilter Add(ProbeSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var kept = Samples.Length < Capacity ? Samples : Samples.RemoveAt(0);
        return new PeerSampleFilter(Capacity, kept.Add(sample));
    }

    /// <summary>Lowest-delay sample kept; the newest wins a tie. Null when empty.</summary>
    public ProbeSample? Best
    {
        get
        {
            ProbeSample? best = null;
            foreach (var s in Samples)
                if (best is null || s.DelayNanos <= best.DelayNanos) best = s;
            return best;
        }
    }
}
