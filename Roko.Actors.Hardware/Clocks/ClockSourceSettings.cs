using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Hardware.TimeCard;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// The <c>roko.clock</c> block, read once; every key and its default is in hocon/roko.conf (pass a config that falls
/// back to it). Durations are in nanoseconds, as the clock keeps them.
/// </summary>
public sealed record ClockSourceSettings
{
    public const string ConfigPath = "roko.clock";

    private const string Unbounded = "unbounded";
    private const string Off = "off";
    private const double MaxPlausiblePpm = 100_000;
    private static readonly long ShortestReadingIntervalNanos = Nanoseconds.FromTimeSpan(TimeSpan.FromMilliseconds(1));

    /// <summary>roko.clock.source</summary>
    public required ClockSourceChoice Source { get; init; }

    /// <summary>roko.clock.phc-device</summary>
    public required string PhcDevice { get; init; }

    /// <summary>roko.clock.phc-claimed-error; null (unbounded) unless the deployment vouches for its time card.</summary>
    public required long? PhcClaimedErrorNanos { get; init; }

    /// <summary>
    /// roko.clock.max-drift-ppm: bound on the disciplined clock's frequency error between corrections; on a time card,
    /// roko.clock.time-card.holdover-drift-ppm (the card's oscillator is the clock).
    /// </summary>
    public required double MaxDriftPpm { get; init; }

    /// <summary>roko.clock.max-slew-ppm: the fastest rate at which a phase correction is slewed in.</summary>
    public required double MaxSlewPpm { get; init; }

    /// <summary>roko.clock.max-frequency-ppm: the largest frequency correction the discipline will apply.</summary>
    public required double MaxFrequencyPpm { get; init; }

    /// <summary>roko.clock.step-threshold: forward corrections larger than this are stepped, not slewed.</summary>
    public required long StepThresholdNanos { get; init; }

    /// <summary>roko.clock.read-noise: added to every interval for the source's per-read noise.</summary>
    public required long ReadNoiseNanos { get; init; }

    /// <summary>roko.clock.reading-interval: how often the clock actor re-reads its source.</summary>
    public required long ReadingIntervalNanos { get; init; }

    /// <summary>
    /// roko.clock.assumed-uncertainty: the error the node assumes around its clock's estimate while nothing bounds it
    /// (an unsynchronized system clock before time sync corrects it); null (off) keeps such a clock honestly unbounded.
    /// </summary>
    public required long? AssumedUncertaintyNanos { get; init; }

    /// <summary>roko.clock.time-card.*: the OCP Time Card read when <see cref="Source"/> is <see cref="ClockSourceChoice.TimeCard"/>.</summary>
    public required TimeCardSettings TimeCard { get; init; }

    /// <summary>
    /// roko.clock.ptp4l.* with roko.ptp: the ptp4l-disciplined clock, read only when <see cref="Source"/> is
    /// <see cref="ClockSourceChoice.Ptp4l"/> (null otherwise).
    /// </summary>
    public Ptp4lSourceSettings? Ptp4l { get; init; }

    /// <summary>roko.clock.simulated.*</summary>
    public required SimulatedClockOptions Simulated { get; init; }

    public TimeSpan ReadingInterval => Nanoseconds.ToTimeSpan(ReadingIntervalNanos);

    public static ClockSourceSettings Create(Config root)
    {
        var r = SettingsReader.Section(root, ConfigPath);
        var sim = r.Child("simulated");
        var settings = new ClockSourceSettings
        {
            Source = r.Enum<ClockSourceChoice>("source"),
            PhcDevice = r.Text("phc-device"),
            PhcClaimedErrorNanos = IsWord(r, "phc-claimed-error", Unbounded) ? null : r.DurationNanos("phc-claimed-error"),
            MaxDriftPpm = r.Double("max-drift-ppm", 0, MaxPlausiblePpm),
            MaxSlewPpm = r.Double("max-slew-ppm", double.Epsilon, MaxPlausiblePpm),
            MaxFrequencyPpm = r.Double("max-frequency-ppm", 0, MaxPlausiblePpm),
            StepThresholdNanos = r.DurationNanos("step-threshold"),
            ReadNoiseNanos = r.DurationNanos("read-noise"),
            ReadingIntervalNanos = r.DurationNanos("reading-interval", min: ShortestReadingIntervalNanos),
            AssumedUncertaintyNanos = IsWord(r, "assumed-uncertainty", Off) ? null : r.DurationNanos("assumed-uncertainty", min: 1),
            Simulated = new SimulatedClockOptions
            {
                OffsetNanos = sim.DurationNanos("offset", min: long.MinValue),
                DriftPpm = sim.Double("drift-ppm", -MaxPlausiblePpm, MaxPlausiblePpm),
                JitterNanos = sim.DurationNanos("jitter"),
                Seed = sim.Int("seed", int.MinValue),
                ClaimedErrorNanos = sim.DurationNanos("claimed-error"),
                ClaimedStatus = sim.Enum<ClockStatus>("status"),
                TimeCard = sim.Bool("time-card"),
                StepNanos = sim.DurationNanos("step", min: long.MinValue),
                StepAfterNanos = sim.DurationNanos("step-after"),
            },
            TimeCard = TimeCardSettings.Create(r.Child("time-card")),
        };
        var source = settings.Source;
        if (source == ClockSourceChoice.Ptp4l)
            settings = settings with { Ptp4l = Ptp4lSourceSettings.Create(r.Child("ptp4l"), root) };
        // The card's oscillator is the clock: between two reads of the card it widens at the card's holdover rate.
        if (source == ClockSourceChoice.TimeCard) settings = settings with { MaxDriftPpm = settings.TimeCard.HoldoverDriftPpm };
        if (settings.Ptp4l is { } ptp4l) RequireDriftCovers(r, settings.MaxDriftPpm, "ptp4l", ptp4l.HoldoverDriftPpm);
        return settings;
    }

    /// <summary>Whether <paramref name="key"/> holds <paramref name="word"/> (e.g. off) rather than a value.</summary>
    private static bool IsWord(SettingsReader r, string key, string word) =>
        string.Equals(r.Text(key).Trim(), word, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A source that holds over grows its own bound; between two reads the clock widens at max-drift-ppm, which must then
    /// be at least that holdover rate, or the clock would claim a tighter bound than the oscillator holds.
    /// </summary>
    private static void RequireDriftCovers(SettingsReader r, double maxDriftPpm, string block, double holdoverDriftPpm)
    {
        if (maxDriftPpm < holdoverDriftPpm)
            throw r.Invalid("max-drift-ppm",
                $"{maxDriftPpm} ppm is below roko.clock.{block}.holdover-drift-ppm ({holdoverDriftPpm} ppm): between two reads " +
                "the clock would claim a tighter bound than the oscillator holds once its reference is lost; set it to at least the holdover rate");
    }

    /// <summary>
    /// Builds the configured source; PHC problems surface as <see cref="ClockUnavailableException"/>, a missing or unreadable
    /// time card as <see cref="TimeCardUnavailableException"/>.
    /// </summary>
    public IClockSource CreateSource(Func<Time.NanoMoment>? trueTimeForSimulation = null) => Source switch
    {
        ClockSourceChoice.Phc => new PhcClockSource(PhcDevice, PhcClaimedErrorNanos),
        ClockSourceChoice.TimeCard => new TimeCardClockSource(TimeCard),
        ClockSourceChoice.Ptp4l => Ptp4lClockSource.Create(Ptp4l ?? throw new InvalidOperationException("roko.clock.ptp4l was not read"), PhcDevice),
        ClockSourceChoice.Simulated => new SimulatedClockSource(Simulated, trueTimeForSimulation),
        _ => SystemClockSource.Instance,
    };

    /// <summary>
    /// Whether the configured source is a time card (a PHC, an OCP Time Card, a ptp4l-disciplined clock, or a simulated
    /// clock standing in for one).
    /// </summary>
    public bool IsTimeCard => Source is ClockSourceChoice.Phc or ClockSourceChoice.TimeCard or ClockSourceChoice.Ptp4l
                              || (Source == ClockSourceChoice.Simulated && Simulated.TimeCard);

    /// <summary>
    /// Builds the configured source; when the device cannot be opened, returns the system clock instead and hands back
    /// the reason in <paramref name="failure"/> so the caller can start degraded and say so.
    /// </summary>
    public IClockSource CreateSourceOrFallBack(out Exception? failure,
        Func<Time.NanoMoment>? trueTimeForSimulation = null)
    {
        failure = null;
        try
        {
            return CreateSource(trueTimeForSimulation);
        }
        catch (Exception e) when (e is ClockUnavailableException or TimeCardUnavailableException)
        {
            failure = e;
            return SystemClockSource.Instance;
        }
    }
}
