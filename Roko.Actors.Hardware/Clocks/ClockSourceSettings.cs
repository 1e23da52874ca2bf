using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Hardware.TimeCard;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>The <c>roko.clock</c> block, read once. Defaults match hocon/roko.conf, where every key is documented.</summary>
public sealed record ClockSourceSettings
{
    public const string ConfigPath = "roko.clock";

    private const double MaxPlausiblePpm = 100_000;
    private const long NanosPerMicro = 1_000;
    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;

    public static ClockSourceSettings Default { get; } = new();

    /// <summary>roko.clock.source</summary>
    public ClockSourceChoice Source { get; init; } = ClockSourceChoice.System;

    /// <summary>roko.clock.phc-device</summary>
    public string PhcDevice { get; init; } = "/dev/ptp0";

    /// <summary>roko.clock.phc-claimed-error; null (unbounded) unless the deployment vouches for its time card.</summary>
    public long? PhcClaimedErrorNanos { get; init; }

    /// <summary>
    /// roko.clock.max-drift-ppm: bound on the disciplined clock's frequency error between corrections; on a time card,
    /// roko.clock.time-card.holdover-drift-ppm (the card's oscillator is the clock).
    /// </summary>
    public double MaxDriftPpm { get; init; } = 100;

    /// <summary>roko.clock.max-slew-ppm: the fastest rate at which a phase correction is slewed in.</summary>
    public double MaxSlewPpm { get; init; } = 500;

    /// <summary>roko.clock.max-frequency-ppm: the largest frequency correction the discipline will apply.</summary>
    public double MaxFrequencyPpm { get; init; } = 500;

    /// <summary>roko.clock.step-threshold: forward corrections larger than this are stepped, not slewed.</summary>
    public long StepThresholdNanos { get; init; } = 128 * NanosPerMilli;

    /// <summary>roko.clock.read-noise: added to every interval for the source's per-read noise.</summary>
    public long ReadNoiseNanos { get; init; } = 1 * NanosPerMicro;

    /// <summary>roko.clock.reading-interval: how often the clock actor re-reads its source.</summary>
    public long ReadingIntervalNanos { get; init; } = 1 * NanosPerSecond;

    /// <summary>
    /// roko.clock.assumed-uncertainty: the error the node assumes around its clock's estimate while nothing bounds it
    /// (an unsynchronized system clock before time sync corrects it); null (off) keeps such a clock honestly unbounded.
    /// </summary>
    public long? AssumedUncertaintyNanos { get; init; }

    /// <summary>roko.clock.time-card.*: the OCP Time Card read when <see cref="Source"/> is <see cref="ClockSourceChoice.TimeCard"/>.</summary>
    public TimeCardSettings TimeCard { get; init; } = TimeCardSettings.Default;

    /// <summary>roko.clock.ptp4l.* with roko.ptp: the ptp4l-disciplined clock read when <see cref="Source"/> is <see cref="ClockSourceChoice.Ptp4l"/>.</summary>
    public Ptp4lSourceSettings Ptp4l { get; init; } = Ptp4lSourceSettings.Default;

    /// <summary>roko.clock.simulated.*</summary>
    public SimulatedClockOptions Simulated { get; init; } = new() { ClaimedErrorNanos = 1 * NanosPerMilli };

    public TimeSpan ReadingInterval => Nanoseconds.ToTimeSpan(ReadingIntervalNanos);

    public static ClockSourceSettings Create(Config? root)
    {
        var d = Default;
        var r = new SettingsReader(root, ConfigPath);
        var phcClaim = r.GetString("phc-claimed-error", "unbounded");
        var sim = r.Child("simulated");
        var assumed = r.GetString("assumed-uncertainty", "off");
        var settings = new ClockSourceSettings
        {
            Source = r.GetEnum("source", d.Source),
            PhcDevice = r.GetString("phc-device", d.PhcDevice),
            PhcClaimedErrorNanos = string.Equals(phcClaim, "unbounded", StringComparison.OrdinalIgnoreCase)
                ? null
                : r.GetDurationNanos("phc-claimed-error", 0),
            MaxDriftPpm = r.GetDouble("max-drift-ppm", d.MaxDriftPpm, 0, MaxPlausiblePpm),
            MaxSlewPpm = r.GetDouble("max-slew-ppm", d.MaxSlewPpm, double.Epsilon, MaxPlausiblePpm),
            MaxFrequencyPpm = r.GetDouble("max-frequency-ppm", d.MaxFrequencyPpm, 0, MaxPlausiblePpm),
            StepThresholdNanos = r.GetDurationNanos("step-threshold", d.StepThresholdNanos),
            ReadNoiseNanos = r.GetDurationNanos("read-noise", d.ReadNoiseNanos),
            ReadingIntervalNanos = r.GetDurationNanos("reading-interval", d.ReadingIntervalNanos, min: NanosPerMilli),
            AssumedUncertaintyNanos = string.Equals(assumed, "off", StringComparison.OrdinalIgnoreCase)
                ? null
                : r.GetDurationNanos("assumed-uncertainty", 0, min: 1),
            Simulated = new SimulatedClockOptions
            {
                OffsetNanos = sim.GetDurationNanos("offset", d.Simulated.OffsetNanos, min: long.MinValue),
                DriftPpm = sim.GetDouble("drift-ppm", d.Simulated.DriftPpm, -MaxPlausiblePpm, MaxPlausiblePpm),
                JitterNanos = sim.GetDurationNanos("jitter", d.Simulated.JitterNanos),
                Seed = sim.GetInt("seed", d.Simulated.Seed),
                ClaimedErrorNanos = sim.GetDurationNanos("claimed-error", d.Simulated.ClaimedErrorNanos),
                ClaimedStatus = sim.GetEnum("status", d.Simulated.ClaimedStatus),
                TimeCard = sim.GetBoolean("time-card", d.Simulated.TimeCard),
                StepNanos = sim.GetDurationNanos("step", d.Simulated.StepNanos, min: long.MinValue),
                StepAfterNanos = sim.GetDurationNanos("step-after", d.Simulated.StepAfterNanos),
            },
            TimeCard = TimeCardSettings.Create(r.Child("time-card")),
        };
        var source = settings.Source;
        if (source == ClockSourceChoice.Ptp4l)
            settings = settings with { Ptp4l = Ptp4lSourceSettings.Create(r.Child("ptp4l"), root!) };
        // The card's oscillator is the clock: between two reads of the card it widens at the card's holdover rate.
        if (source == ClockSourceChoice.TimeCard) settings = settings with { MaxDriftPpm = settings.TimeCard.HoldoverDriftPpm };
        if (source == ClockSourceChoice.Ptp4l) RequireDriftCovers(r, settings.MaxDriftPpm, "ptp4l", settings.Ptp4l.HoldoverDriftPpm);
        return settings;
    }

    /// <summary>
    /// A source that holds over grows its own bound; between two reads the clock widens at max-drift-ppm, which must then
    /// be at least that holdover rate, or the clock would claim a tighter bound than the oscillator holds.
    /// </summary>
    private static void RequireDriftCovers(SettingsReader r, double maxDriftPpm, string block, double holdoverDriftPpm)
    {
        if (maxDriftPpm < holdoverDriftPpm)
            throw new SettingsException(r.FullKey("max-drift-ppm"),
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
        ClockSourceChoice.Ptp4l => Ptp4lClockSource.Create(Ptp4l, PhcDevice),
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
