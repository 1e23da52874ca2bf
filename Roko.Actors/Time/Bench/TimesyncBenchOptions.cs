using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Time.Bench;

/// <summary>What <c>roko bench timesync</c> runs: how many nodes, for how long, from which seed.</summary>
public sealed record TimesyncBenchOptions
{
    /// <summary>Two time-card nodes and one falseticker, so at least one node must converge.</summary>
    public const int MinimumNodes = 4;

    public int Nodes { get; init; } = 7;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public int Seed { get; init; } = 1;

    /// <summary>A converging node counts as converged once it is synchronized with |midpoint − truth| under this.</summary>
    public long ConvergedErrorNanos { get; init; } = 1 * Nanoseconds.PerMillisecond;

    /// <summary>Largest initial offset of a converging node, either way.</summary>
    public long MaxInitialOffsetNanos { get; init; } = 20 * Nanoseconds.PerMillisecond;

    /// <summary>Largest frequency error of a converging node's oscillator, either way.</summary>
    public double MaxDriftPpm { get; init; } = 100;

    /// <summary>How far the falseticker's clock is ahead of true time, while it claims a time card's error.</summary>
    public long FalsetickerLieNanos { get; init; } = 500 * Nanoseconds.PerMillisecond;

    /// <summary>The error a time card claims (a GPS-disciplined PHC).</summary>
    public long TimeCardErrorNanos { get; init; } = 1 * Nanoseconds.PerMicrosecond;

    /// <summary>Per-read noise of every simulated oscillator; at most roko.clock.read-noise.</summary>
    public long JitterNanos { get; init; } = 200;

    /// <summary>
    /// Widest truth bracket (truth read before and after a clock read) an error is measured on: truth is known to ± half
    /// of it. Wider brackets mean the referee was preempted mid-read; they still count for bound violations.
    /// </summary>
    public long MaxTruthBracketNanos { get; init; } = 2 * Nanoseconds.PerMicrosecond;

    /// <summary>Pause between the referee's sweeps over all nodes.</summary>
    public TimeSpan RefereeInterval { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Reads of every honest node per sweep (round-robin), so a 30 s run makes over a million reads.</summary>
    public int ReadsPerSweep { get; init; } = 12;

    /// <summary>Runs one busy thread per core beside the nodes for the whole run (<c>--load</c>).</summary>
    public bool BackgroundLoad { get; init; }

    public string? Problem() =>
        Nodes < MinimumNodes ? $"--nodes must be at least {MinimumNodes} (two time cards, one falseticker, one converging node)"
        : Duration <= TimeSpan.Zero ? "--duration must be positive"
        : null;
}
