using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// A deterministic fake clock: true time (from an injected function, the system clock by default) plus offset, drift
/// since construction, scheduled steps and seeded jitter. It reports the error bound it is configured to claim.
/// </summary>
public sealed class SimulatedClockSource : IClockSource
{
    private const double NanosPerNanoPerPpm = 1e-6;

    private readonly Func<NanoMoment> _trueTime;
    private readonly NanoMoment _driftEpoch;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();

    public SimulatedClockSource(SimulatedClockOptions options, Func<NanoMoment>? trueTime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.JitterNanos < 0) throw new ArgumentOutOfRangeException(nameof(options), "jitter must be >= 0");
        Options = options;
        _trueTime = trueTime ?? (() => SystemClockSource.ReadRealtime());
        _driftEpoch = _trueTime();
        _jitter = new Random(options.Seed);
    }

    public SimulatedClockOptions Options { get; }

    public string Name => $"simulated (offset {Options.OffsetNanos} ns, drift {Options.DriftPpm} ppm)";

    public ClockReading Read()
    {
        var truth = _trueTime();
        return new ClockReading(truth.AddSaturating(DeviationAt(truth) + NextJitter()),
            Options.ClaimedErrorNanos, ClockSourceKind.Simulated, Options.ClaimedStatus);
    }

    /// <summary>How far this clock reads from <paramref name="truth"/>, jitter excluded.</summary>
    public long DeviationAt(NanoMoment truth)
    {
        long elapsed = truth - _driftEpoch;
        long deviation = Options.OffsetNanos + (long)Math.Round(elapsed * Options.DriftPpm * NanosPerNanoPerPpm);
        foreach (var step in Options.Steps)
            if (truth >= step.At) deviation += step.StepNanos;
        if (Options.StepNanos != 0 && elapsed >= Options.StepAfterNanos) deviation += Options.StepNanos;
        return deviation;
    }

    private long NextJitter()
    {
        if (Options.JitterNanos == 0) return 0;
        lock (_jitterLock)
            return _jitter.NextInt64(-Options.JitterNanos, Options.JitterNanos + 1);
    }
}
