using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// Compares every honest node's clock with true time, sweep after sweep, on its own thread; each sweep reads every node
/// <c>readsPerSweep</c> times, round-robin. Truth is read just before and just after each clock read, so the clock's
/// own read of truth lies between them: a reading whose interval misses that whole bracket is a bound violation (every
/// read counts). The error |estimate − truth| takes the bracket's midpoint as truth, so it is measured only on reads
/// whose bracket is at most the given width; every read with a wider bracket (the referee thread preempted mid-read on
/// a loaded machine) is counted in <see cref="WideBrackets"/>. Each sweep starts with one unmeasured pass over the
/// clocks (truth and every honest node read once, nothing compared or counted): the referee thread has just woken from
/// its pause, and the first bracket after a wake-up is as wide as the wake-up is slow (measured: 82 % of sweeps' first
/// reads were wider than 2 µs at load 19, against 0.4 % of the others), which says nothing about the clocks.
/// </summary>
public sealed class TimesyncReferee
{

    private readonly IReadOnlyList<TimesyncBenchNode> _honest;
    private readonly HostTime _truth;
    private readonly long _convergedErrorNanos;
    private readonly long _maxBracketNanos;
    private readonly int _readsPerSweep;
    private readonly List<long> _errors = [];
    private readonly List<long> _errorAt = [];
    private readonly List<long> _halfWidths = [];
    private readonly List<long> _brackets = [];

    public TimesyncReferee(IEnumerable<TimesyncBenchNode> nodes, HostTime truth, long convergedErrorNanos, long maxBracketNanos, int readsPerSweep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(readsPerSweep, 1);
        _honest = [.. nodes.Where(n => n.Role != TimesyncBenchRole.Falseticker)];
        _truth = truth;
        _convergedErrorNanos = convergedErrorNanos;
        _maxBracketNanos = maxBracketNanos;
        _readsPerSweep = readsPerSweep;
    }

    /// <summary>Reads (every node, the whole run) whose truth bracket was too wide to measure an error against.</summary>
    public long WideBrackets { get; private set; }

    /// <summary>Widths of the truth brackets (truth read before and after the clock read), every read of the run.</summary>
    public IReadOnlyList<long> Brackets => _brackets;

    public long Reads { get; private set; }
    public long BoundViolations { get; private set; }
    public string? FirstViolation { get; private set; }
    public TimeSpan? ConvergedAfter { get; private set; }
    public IReadOnlyList<long> Errors => _errors;

    /// <summary>When each of <see cref="Errors"/> was read: nanoseconds since the referee started.</summary>
    public IReadOnlyList<long> ErrorAt => _errorAt;
    public IReadOnlyList<long> HalfWidths => _halfWidths;

    /// <summary>Sweeps until <paramref name="duration"/> has passed; meant for a dedicated thread.</summary>
    public void Run(TimeSpan duration, TimeSpan pause, CancellationToken cancel)
    {
        var start = _truth.Now();
        var end = start.Add(duration);
        while (!cancel.IsCancellationRequested)
        {
            var now = _truth.Now();
            if (now >= end) break;
            Sweep(now - start);
            Thread.Sleep(pause);
        }
    }

    private void Sweep(long sinceStartNanos)
    {
        bool allConverged = true;
        var sweepErrors = new List<(long Error, long HalfWidth)>(_honest.Count * _readsPerSweep);
        WarmUp();
        for (int read = 0; read < _readsPerSweep; read++)
        {
            foreach (var node in _honest)
            {
                var before = _truth.Now();
                var reading = node.Clock.Read();
                var after = _truth.Now();
                Reads++;
                long bracket = after - before;
                _brackets.Add(bracket);
                var interval = reading.Interval;
                if (interval.Latest < before || interval.Earliest > after)
                {
                    BoundViolations++;
                    FirstViolation ??= $"{node.Name}: {reading} misses true time [{before}, {after}]";
                }
                // Truth is only known to within the bracket: when the referee's thread was preempted around the read, the
                // bracket's midpoint says nothing about when the clock was read, so that read measures no error.
                if (bracket > _maxBracketNanos)
                {
                    WideBrackets++;
                    if (node.Role == TimesyncBenchRole.Converging) allConverged = false;
                    continue;
                }
                if (node.Role != TimesyncBenchRole.Converging) continue;
                long truth = before.UnixNanoseconds + bracket / 2;
                long error = Math.Abs(reading.Estimate.UnixNanoseconds - truth);
                bool synchronized = reading.Status == ClockStatus.Synchronized && interval.IsBounded;
                allConverged &= synchronized && error < _convergedErrorNanos;
                sweepErrors.Add((error, synchronized ? reading.Estimate - interval.Earliest : long.MaxValue));
            }
        }
        if (ConvergedAfter is null && allConverged) ConvergedAfter = Nanoseconds.ToTimeSpan(sinceStartNanos);
        if (ConvergedAfter is null) return;
        foreach (var (error, halfWidth) in sweepErrors)
        {
            _errors.Add(error);
            _errorAt.Add(sinceStartNanos);
            _halfWidths.Add(halfWidth);
        }
    }

    /// <summary>The sweep's unmeasured first pass: brings the read path back into the caches after the pause.</summary>
    private void WarmUp()
    {
        _truth.Now();
        foreach (var node in _honest) node.Clock.Read();
    }
}
