using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Consensus;

/// <summary>One finished step of a round (<see cref="Step"/> set) or one finished round (<see cref="Step"/> null) and how long it took.</summary>
public readonly record struct TimedSpan(ConsensusStep? Step, TimeSpan Duration);

/// <summary>
/// Where a height's time goes. Fed the machine's round and step after every input with the node's clock, it reports each
/// step of a round when the machine leaves it (propose: waiting for the proposal; prevote: for a polka; precommit: for a
/// decision or the next round) and each round when the next one starts or the height is decided. Deterministic: time is
/// passed in.
/// </summary>
public sealed class StepTimings
{
    private bool _started;
    private uint _round;
    private ConsensusStep _step;
    private NanoMoment _stepSince;
    private NanoMoment _roundSince;

    public IReadOnlyList<TimedSpan> Observe(uint round, ConsensusStep step, NanoMoment now)
    {
        if (!_started)
        {
            (_started, _round, _step, _stepSince, _roundSince) = (true, round, step, now, now);
            return [];
        }
        if (round == _round && step == _step) return [];
        var spans = new List<TimedSpan>(2);
        if (_step != ConsensusStep.Commit) spans.Add(new TimedSpan(_step, Since(_stepSince, now)));
        if (round != _round || (step == ConsensusStep.Commit && _step != ConsensusStep.Commit))
        {
            spans.Add(new TimedSpan(null, Since(_roundSince, now)));
            _roundSince = now;
        }
        (_round, _step, _stepSince) = (round, step, now);
        return spans;
    }

    private static TimeSpan Since(NanoMoment start, NanoMoment now) => Nanoseconds.ToTimeSpan(Math.Max(0, now - start));
}
