using System.Collections.Concurrent;
using Akka.Actor;
using Roko.Actors.Hardware.Clocks;
using static Roko.Actors.Time.TimeSyncProtocol;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// Collects one converging bench node's samples of the time cards: each sample's round trip δ and how far its θ is from
/// the true offset. A time card reads true time, so at the card's t2 the true offset (true time − our raw clock) is
/// minus our oscillator's deviation there; the difference is the sample's error (path asymmetry and stamping delays).
/// </summary>
public sealed class ProbeTally : ReceiveActor
{
    public ProbeTally(SimulatedClockSource oscillator, ISet<string> timeCards, ConcurrentQueue<(long DelayNanos, long ErrorNanos, int Sequence)> samples)
    {
        Receive<ProbeSampled>(sampled =>
        {
            if (!timeCards.Contains(sampled.Peer)) return;
            var sample = sampled.Sample;
            long trueOffset = -oscillator.DeviationAt(sample.T2);
            samples.Enqueue((sample.DelayNanos, sample.OffsetNanos - trueOffset, sampled.Sequence));
        });
    }

    public static Props Props(SimulatedClockSource oscillator, ISet<string> timeCards, ConcurrentQueue<(long DelayNanos, long ErrorNanos, int Sequence)> samples) =>
        Akka.Actor.Props.Create(() => new ProbeTally(oscillator, timeCards, samples));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(ProbeSampled));
}
