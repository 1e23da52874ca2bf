using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time;

/// <summary>
/// One four-timestamp exchange with a peer: t1 we send, t2 peer receives, t3 peer sends, t4 we receive
/// (t1, t4 on our clock; t2, t3 on the peer's). Offset θ = ((t2−t1)+(t3−t4))/2 is how far the peer's clock is
/// ahead of ours; delay δ = (t4−t1)−(t3−t2) is the network round trip. <see cref="PeerErrorNanos"/> is the peer's own
/// claimed uncertainty at t2/t3.
/// </summary>
public sealed record ProbeSample
{
    private const double PartsPerMillion = 1e-6;
    private const double PpbPerPpm = 1_000;

    private ProbeSample(NanoMoment t1, NanoMoment t2, NanoMoment t3, NanoMoment t4, long peerErrorNanos)
    {
        T1 = t1;
        T2 = t2;
        T3 = t3;
        T4 = t4;
        PeerErrorNanos = peerErrorNanos;
        long sum = checked((t2 - t1) + (t3 - t4));
        OffsetNanos = sum / 2;
        RoundingNanos = sum % 2 == 0 ? 0 : 1;
        DelayNanos = checked((t4 - t1) - (t3 - t2));
    }

    public NanoMoment T1 { get; }
    public NanoMoment T2 { get; }
    public NanoMoment T3 { get; }
    public NanoMoment T4 { get; }
    public long PeerErrorNanos { get; }
    public long OffsetNanos { get; }
    public long DelayNanos { get; }

    /// <summary>1 when θ had a half nanosecond truncated away, so the interval is widened to cover it.</summary>
    private long RoundingNanos { get; }

    /// <summary>Builds a sample, or says why the timestamps cannot be one (negative delay, time running backwards).</summary>
    public static bool TryCreate(NanoMoment t1, NanoMoment t2, NanoMoment t3, NanoMoment t4, long peerErrorNanos,
        out ProbeSample? sample, out string error)
    {
        sample = null;
        error = "";
        if (peerErrorNanos < 0) error = $"peer error {peerErrorNanos} ns is negative";
        else if (t4 < t1) error = $"reply received (t4 {t4}) before the probe was sent (t1 {t1})";
        else if (t3 < t2) error = $"peer replied (t3 {t3}) before it received the probe (t2 {t2})";
        else
        {
            var candidate = new ProbeSample(t1, t2, t3, t4, peerErrorNanos);
            if (candidate.DelayNanos < 0)
                error = $"negative delay {candidate.DelayNanos} ns: the peer spent longer than the round trip";
            else sample = candidate;
        }
        return sample is not null;
    }

    /// <summary>
    /// What to add to a peer's claimed error for the stamping itself: both clocks may run off by
    /// <paramref name="maxDriftPpm"/> across the round trip, and each of our two raw reads (t1, t4) may be off by
    /// <paramref name="readNoiseNanos"/>, which moves θ by up to that much and shrinks the measured δ by up to twice it.
    /// </summary>
    public static long StampingAllowanceNanos(long roundTripNanos, double maxDriftPpm, long readNoiseNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(roundTripNanos);
        ArgumentOutOfRangeException.ThrowIfNegative(readNoiseNanos);
        const int ClocksInvolved = 2;
        const int NoisyReads = 2;
        long drift = (long)Math.Ceiling(roundTripNanos * ClocksInvolved * maxDriftPpm * PartsPerMillion);
        return checked(drift + NoisyReads * readNoiseNanos);
    }

    public long AgeNanos(NanoMoment localNow) => Math.Max(0, localNow - T4);

    /// <summary>
    /// θ carried from the exchange's midpoint (t1 + t4) / 2 to <paramref name="localNow"/> at <paramref name="frequencyPpb"/>
    /// (how many ppb true time gains on our clock); θ itself without a frequency.
    /// </summary>
    public long OffsetAt(NanoMoment localNow, double? frequencyPpb)
    {
        if (frequencyPpb is not { } ppb) return OffsetNanos;
        long midpoint = T1.UnixNanoseconds + (T4 - T1) / 2;
        double since = localNow.UnixNanoseconds - midpoint;
        return OffsetNanos + (long)Math.Round(since * ppb * PartsPerMillion / PpbPerPpm);
    }

    /// <summary>
    /// The offset interval this sample supports at <paramref name="localNow"/>:
    /// θ ± (δ/2 + ε_peer + age·max drift), rounded outwards.
    /// </summary>
    public (long Low, long High) OffsetInterval(NanoMoment localNow, double maxDriftPpm)
    {
        long halfDelay = DelayNanos / 2 + DelayNanos % 2;
        long driftAllowance = (long)Math.Ceiling(AgeNanos(localNow) * maxDriftPpm * PartsPerMillion);
        long halfWidth = checked(halfDelay + PeerErrorNanos + driftAllowance + RoundingNanos);
        return (checked(OffsetNanos - halfWidth), checked(OffsetNanos + halfWidth));
    }
}
