using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>Whether an RTT sample was taken into the estimate.</summary>
public enum RttSampleResult
{
    Accepted,
    /// <summary>The pong is stamped before its ping: clocks or bookkeeping are wrong.</summary>
    Negative,
    /// <summary>Longer than <see cref="RttSettings.MaxPlausible"/>: a stale or forged pong.</summary>
    Absurd,
}

/// <summary>
/// Round-trip time to one peer from ping/pong moments on the local clock: an exponentially weighted moving
/// average and the minimum over the last <see cref="RttSettings.MinWindow"/> samples, both in nanoseconds.
/// </summary>
public sealed class RttEstimator(RttSettings settings)
{
    private readonly long[] _window = new long[settings.MinWindow];
    private int _next;
    private double _smoothed;

    public long SampleCount { get; private set; }
    public long RejectedCount { get; private set; }
    public long? LatestNanos { get; private set; }
    public long? SmoothedNanos => SampleCount == 0 ? null : (long)Math.Round(_smoothed);

    public long? MinimumNanos
    {
        get
        {
            if (SampleCount == 0) return null;
            int filled = (int)Math.Min(SampleCount, _window.Length);
            long min = long.MaxValue;
            for (int i = 0; i < filled; i++) min = Math.Min(min, _window[i]);
            return min;
        }
    }

    public RttSampleResult AddSample(NanoMoment pingSent, NanoMoment pongReceived)
    {
        if (pongReceived < pingSent) return Reject(RttSampleResult.Negative);
        ulong span = unchecked((ulong)pongReceived.UnixNanoseconds - (ulong)pingSent.UnixNanoseconds);
        if (span > (ulong)settings.MaxPlausibleNanos) return Reject(RttSampleResult.Absurd);
        long rtt = (long)span;

        _smoothed = SampleCount == 0 ? rtt : _smoothed + settings.EwmaAlpha * (rtt - _smoothed);
        _window[_next] = rtt;
        _next = (_next + 1) % _window.Length;
        SampleCount++;
        LatestNanos = rtt;
        return RttSampleResult.Accepted;
    }

    private RttSampleResult Reject(RttSampleResult reason)
    {
        RejectedCount++;
        return reason;
    }
}
