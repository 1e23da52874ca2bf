using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Net;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Wire;

/// <summary>
/// What the time-probe socket reads right after each kernel stamp: the clock the node answers probes from and, on a
/// node that samples its peers, the raw source its own stamps are taken on — bracketed by two reads of the host's
/// realtime clock (<see cref="ClockCapture"/>) — and it keeps measuring how fast that source runs against the realtime
/// clock (<see cref="SourceRate"/>). Safe to call from any thread.
/// </summary>
public sealed class WireClock
{
    private readonly IClock _answering;
    private readonly DisciplinedClock? _sampled;
    private readonly bool _answersFromSampled;
    private readonly Lock _rateGate = new();
    private SourceRate _rate = SourceRate.Unknown;

    /// <param name="answering">The node clock probes are answered from.</param>
    /// <param name="sampled">The disciplined clock whose raw source the sampler stamps t1 and t4 on; null on a node that does not sample.</param>
    public WireClock(IClock answering, DisciplinedClock? sampled)
    {
        ArgumentNullException.ThrowIfNull(answering);
        _answering = answering;
        _sampled = sampled;
        _answersFromSampled = sampled is not null
                              && (ReferenceEquals(answering, sampled) || answering is NodeClock node && ReferenceEquals(node.Disciplined, sampled));
    }

    /// <summary>Captures tried at most, keeping the one with the narrowest realtime bracket (as PTP_SYS_OFFSET does).</summary>
    private const int Attempts = 3;

    /// <summary>A bracket this narrow is taken at once: the thread was not preempted between its reads.</summary>
    private const long NarrowBracketNanos = 2 * Nanoseconds.PerMicrosecond;

    /// <summary>
    /// The clocks now, read up to <see cref="Attempts"/> times until one read is bracketed within
    /// <see cref="NarrowBracketNanos"/> of realtime; the narrowest wins.
    /// </summary>
    public ClockCapture Capture()
    {
        var best = CaptureOnce();
        for (int i = 1; i < Attempts && best.RealtimeAfter - best.RealtimeBefore > NarrowBracketNanos; i++)
        {
            var next = CaptureOnce();
            if (next.RealtimeAfter - next.RealtimeBefore < best.RealtimeAfter - best.RealtimeBefore) best = next;
        }
        return best;
    }

    private ClockCapture CaptureOnce()
    {
        long before = TimestampedUdpSocket.RealtimeNanos();
        var snapshot = _answersFromSampled ? _sampled!.Snapshot : null;
        var reading = TimeProbeAnswer.ReadingOf(_answering);
        IClockSource? source = null;
        long raw = 0;
        if (_sampled is not null)
        {
            try
            {
                (source, raw) = _sampled.ReadSourceTime();
            }
            catch (ClockUnavailableException)
            {
                source = null;
            }
        }
        long after = TimestampedUdpSocket.RealtimeNanos();
        if (source is null) return new ClockCapture(before, after, reading, null, 0);
        double rate;
        lock (_rateGate)
        {
            _rate = _rate.Next(source, before + (after - before) / 2, raw);
            rate = _rate.RawPerRealtime;
        }
        return new ClockCapture(before, after, reading, source, raw, snapshot, rate);
    }
}
