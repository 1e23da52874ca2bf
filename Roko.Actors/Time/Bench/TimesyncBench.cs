using System.Collections.Concurrent;
using Akka.Actor;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;

namespace Roko.Actors.Time.Bench;

/// <summary>
/// <c>roko bench timesync</c>: N in-process nodes whose time probes take the production path — a UDP socket per node on
/// 127.0.0.1 with kernel timestamps, signed attestations, the node's own sampler. Nodes 0 and 1 are time cards (locked
/// to true time, claiming ±1 µs), node 2 a falseticker (claims ±1 µs, reads 500 ms ahead, never corrected), the rest
/// start unsynchronized with seeded random offsets and drifts and converge through their samplers. A referee reads
/// every honest node's clock against true time for the whole run; <c>--load</c> adds a busy thread per core.
/// </summary>
public static class TimesyncBench
{
    private const double Percentile50 = 0.50;
    private const double Percentile99 = 0.99;
    private const int TimeCards = 2;
    private const int SeedStride = 1_000;

    /// <summary>probe_transport: UDP with the kernel's software timestamps at both ends, or with stamps read in the program.</summary>
    public const string KernelStampedUdp = "udp-kernel-timestamps";
    public const string ProgramStampedUdp = "udp-program-timestamps";

    /// <summary>A GPS-disciplined oscillator's frequency error in holdover: the time cards' roko.clock.max-drift-ppm.</summary>
    private const double TimeCardDriftBoundPpm = 0.01;

    /// <summary>
    /// A converging node's frequency correction is clamped to ± the oscillator bound, so its residual frequency error
    /// is at most twice that bound: its roko.clock.max-drift-ppm.
    /// </summary>
    private const double ResidualDriftFactor = 2;

    /// <summary>roko.clock.max-slew-ppm of the converging nodes: a 20 ms backward phase slews in 4 s (chrony allows 83,333 ppm).</summary>
    private const double ConvergingSlewPpm = 5_000;

    /// <summary>roko.clock.step-threshold of the converging nodes: forward phases above 1 ms are stepped.</summary>
    private const long ConvergingStepThresholdNanos = 1 * Nanoseconds.PerMillisecond;

    private const long ProbeIntervalNanos = 100 * Nanoseconds.PerMillisecond;
    private const long ProbeTimeoutNanos = 80 * Nanoseconds.PerMillisecond;
    private const int SamplesPerPeer = 5;

    /// <summary>Probes per peer per round, chained: the later ones find the path awake.</summary>
    private const int ProbesPerRound = 4;

    /// <summary>Rounds fitted for frequency: loopback offsets are noisy (±hundreds of µs), so fit over 6.4 s, not 1.6 s.</summary>
    private const int FrequencyWindow = 64;

    /// <summary>roko.clock as hocon/roko.conf ships it; each bench node changes what it needs.</summary>
    private static readonly ClockSourceSettings ShippedClock = ClockSourceSettings.Create(RokoConfig.Defaults);

    public static async Task<TimesyncBenchResult> RunAsync(TimesyncBenchOptions options, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));

        var truth = new HostTime();
        var detections = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var syncSettings = TimeSyncSettings.Default with
        {
            ProbeIntervalNanos = ProbeIntervalNanos,
            ProbeTimeoutNanos = ProbeTimeoutNanos,
            SamplesPerPeer = SamplesPerPeer * ProbesPerRound,
            ProbesPerRound = ProbesPerRound,
            FrequencyWindow = FrequencyWindow,
            MaxDriftPpm = options.MaxDriftPpm,
        };
        var timeCards = new HashSet<string>(StringComparer.Ordinal);
        var cardSamples = new ConcurrentQueue<(long DelayNanos, long ErrorNanos, int Sequence)>();
        var nodes = new List<TimesyncBenchNode>(options.Nodes);
        double? loadBefore = LoadAverage.OneMinute();
        using var load = BackgroundLoad.Start(options.BackgroundLoad ? Environment.ProcessorCount : 0);
        try
        {
            var random = new Random(options.Seed);
            for (int i = 0; i < options.Nodes; i++)
            {
                var (name, role, oscillator, clockSettings) = Describe(i, options, random);
                if (role == TimesyncBenchRole.TimeCard) timeCards.Add(name);
                nodes.Add(TimesyncBenchNode.Start(name, role, oscillator, clockSettings, syncSettings, truth, detections, timeCards, cardSamples));
            }
            foreach (var node in nodes) node.Connect(nodes);

            var referee = new TimesyncReferee(nodes, truth, options.ConvergedErrorNanos, options.MaxTruthBracketNanos, options.ReadsPerSweep);
            await Task.Factory.StartNew(() => referee.Run(options.Duration, options.RefereeInterval, cancel),
                cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var finals = await Task.WhenAll(nodes.Select(FinalStatus));
            return Summarize(options, referee, detections, [.. cardSamples]) with
            {
                NodeStatus = finals,
                ProbeTransport = nodes.All(n => n.Socket.KernelTimestamps) ? KernelStampedUdp : ProgramStampedUdp,
                LoadThreads = load.Threads,
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = LoadAverage.OneMinute(),
            };
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.System.Terminate()));
            foreach (var node in nodes) node.Dispose();
        }
    }

    private static (string Name, TimesyncBenchRole Role, SimulatedClockOptions Oscillator, ClockSourceSettings Clock) Describe(
        int index, TimesyncBenchOptions options, Random random)
    {
        int seed = options.Seed * SeedStride + index;
        var anchorClock = ShippedClock with { MaxDriftPpm = TimeCardDriftBoundPpm };
        var anchor = new SimulatedClockOptions
        {
            JitterNanos = options.JitterNanos,
            Seed = seed,
            ClaimedErrorNanos = options.TimeCardErrorNanos,
            ClaimedStatus = ClockStatus.Synchronized,
        };
        if (index < TimeCards) return ($"card-{index}", TimesyncBenchRole.TimeCard, anchor, anchorClock);
        if (index == TimeCards)
            return ($"liar-{index}", TimesyncBenchRole.Falseticker, anchor with { OffsetNanos = options.FalsetickerLieNanos }, anchorClock);

        var oscillator = new SimulatedClockOptions
        {
            OffsetNanos = random.NextInt64(-options.MaxInitialOffsetNanos, options.MaxInitialOffsetNanos + 1),
            DriftPpm = (random.NextDouble() * 2 - 1) * options.MaxDriftPpm,
            JitterNanos = options.JitterNanos,
            Seed = seed,
            ClaimedStatus = ClockStatus.Unsynchronized,
        };
        var clock = ShippedClock with
        {
            MaxDriftPpm = ResidualDriftFactor * options.MaxDriftPpm,
            MaxSlewPpm = ConvergingSlewPpm,
            StepThresholdNanos = ConvergingStepThresholdNanos,
        };
        return ($"node-{index}", TimesyncBenchRole.Converging, oscillator, clock);
    }

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(5);

    private static async Task<TimesyncBenchNodeStatus> FinalStatus(TimesyncBenchNode node)
    {
        var status = node.Sampler is null
            ? TimeSyncProtocol.TimeSyncStatus.Initial(node.Clock.Status)
            : await node.Sampler.Ask<TimeSyncProtocol.TimeSyncStatus>(TimeSyncProtocol.GetTimeSyncStatus.Instance, StatusTimeout);
        return new TimesyncBenchNodeStatus(node.Name, node.Role.ToString(), node.Oscillator.OffsetNanos, node.Oscillator.DriftPpm,
            status.Outcome.ToString(), status.FrequencyPpb, status.TimeDriftNanos, status.SyncAccuracyNanos, status.AgreedHalfWidthNanos,
            status.Agreeing, status.Sources);
    }

    /// <summary>Width of the windows error_ns_p99_by_window reports: how the error evolves over the run.</summary>
    public const long ErrorWindowNanos = 5 * NanoMoment.NanosPerSecond;

    /// <summary>The share of the lowest-delay card samples whose offset errors are reported separately.</summary>
    private const int FastestShareDivisor = 10;

    private static TimesyncBenchResult Summarize(TimesyncBenchOptions options, TimesyncReferee referee,
        ConcurrentDictionary<string, long> detections, (long DelayNanos, long ErrorNanos, int Sequence)[] cardSamples)
    {
        long[] errors = [.. referee.Errors.Order()];
        long[] halfWidths = [.. referee.HalfWidths.Order()];
        var byDelay = cardSamples.OrderBy(s => s.DelayNanos).ToArray();
        long[] delays = [.. byDelay.Select(s => s.DelayNanos)];
        long[] sampleErrors = [.. byDelay.Select(s => Math.Abs(s.ErrorNanos)).Order()];
        var fastest = byDelay.Take(Math.Max(1, byDelay.Length / FastestShareDivisor)).ToArray();
        long[] fastestErrors = [.. fastest.Select(s => Math.Abs(s.ErrorNanos)).Order()];
        return new TimesyncBenchResult
        {
            Nodes = options.Nodes,
            Seed = options.Seed,
            DurationMs = (long)options.Duration.TotalMilliseconds,
            Converged = referee.ConvergedAfter is not null,
            ConvergedAfterMs = referee.ConvergedAfter is { } after ? (long)after.TotalMilliseconds : null,
            ConvergedErrorThresholdNs = options.ConvergedErrorNanos,
            ErrorNsP50 = Percentile(errors, Percentile50),
            ErrorNsP99 = Percentile(errors, Percentile99),
            ErrorNsMax = errors.Length == 0 ? null : errors[^1],
            HalfwidthNsP50 = Percentile(halfWidths, Percentile50),
            HalfwidthNsP99 = Percentile(halfWidths, Percentile99),
            Reads = referee.Reads,
            ErrorReads = errors.Length,
            WideBracketReads = referee.WideBrackets,
            MaxTruthBracketNs = options.MaxTruthBracketNanos,
            TruthBracketNsP99 = Percentile([.. referee.Brackets.Order()], Percentile99),
            BoundViolations = referee.BoundViolations,
            FirstViolation = referee.FirstViolation,
            FalsetickersDetected = detections.Count,
            CardSamples = cardSamples.Length,
            CardSampleDelayNsMin = delays.Length == 0 ? null : delays[0],
            CardSampleDelayNsP50 = Percentile(delays, Percentile50),
            CardSampleDelayNsP99 = Percentile(delays, Percentile99),
            CardSampleErrorNsP50 = Percentile(sampleErrors, Percentile50),
            CardSampleErrorNsP99 = Percentile(sampleErrors, Percentile99),
            CardSampleErrorNsMean = cardSamples.Length == 0 ? null : (long)cardSamples.Average(s => (double)s.ErrorNanos),
            FastestCardSampleDelayNsMax = fastest.Length == 0 ? null : fastest[^1].DelayNanos,
            FastestCardSampleErrorNsP50 = Percentile(fastestErrors, Percentile50),
            FastestCardSampleErrorNsP99 = Percentile(fastestErrors, Percentile99),
            FastestCardSampleErrorNsMean = fastest.Length == 0 ? null : (long)fastest.Average(s => (double)s.ErrorNanos),
            CardSampleErrorNsMeanBySequence = cardSamples.GroupBy(s => s.Sequence).OrderBy(g => g.Key)
                .Select(g => (long)g.Average(s => (double)s.ErrorNanos)).ToArray(),
            CardSampleDelayNsP50BySequence = cardSamples.GroupBy(s => s.Sequence).OrderBy(g => g.Key)
                .Select(g => Percentile([.. g.Select(s => s.DelayNanos).Order()], Percentile50) ?? 0).ToArray(),
            FalsetickerDetections = new SortedDictionary<string, long>(detections, StringComparer.Ordinal),
            ErrorNsP99ByWindow = referee.Errors.Zip(referee.ErrorAt).GroupBy(e => e.Item2 / ErrorWindowNanos).OrderBy(g => g.Key)
                .Select(g => Percentile([.. g.Select(e => e.Item1).Order()], Percentile99) ?? 0).ToArray(),
        };
    }

    private static long? Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
