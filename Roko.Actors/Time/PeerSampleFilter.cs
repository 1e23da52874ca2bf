using System.Collections.Immutable;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// The last K samples from one peer; the best is the one whose offset interval is narrowest now — half its round trip,
/// the error it carries (the peer's claimed bound and our stamping allowances) and the drift allowance for its age —
/// since that leaves the least room for asymmetric paths, badly stamped ends and drift (NTP's clock filter idea, by
/// root distance). Choosing by the round trip alone would favour a sample whose stamps were carried back with a large
/// error that happened to shorten it, or one so old that its drift allowance dwarfs its round trip.
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

    /// <summary>
    /// The kept sample whose offset interval at <paramref name="localNow"/> (drift allowed at <paramref name="maxDriftPpm"/>
    /// per unit of age) is narrowest; the newest wins a tie. Null when empty.
    /// </summary>
    public ProbeSample? BestAt(NanoMoment localNow, double maxDriftPpm)
    {
        ProbeSample? best = null;
        long bestWidth = long.MaxValue;
        foreach (var s in Samples)
        {
            var (low, high) = s.OffsetInterval(localNow, maxDriftPpm);
            long width = high - low;
            if (best is not null && width > bestWidth) continue;
            best = s;
            bestWidth = width;
        }
        return best;
    }
}
