using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Roko.Actors.Monitoring;
using static Roko.Actors.Mempool.AdmissionProbeProtocol;

namespace Roko.Actors.Mempool;

/// <summary>
/// /user/node/mempool/admission-probe: every <see cref="AdmissionSettings.ProbeInterval"/> it measures how late the
/// node's dispatcher ran its timer (the time a message waits for a thread), feeds the pure <see cref="AdmissionLoad"/>,
/// exports the smoothed lateness as <c>roko_dispatcher_lag_seconds</c>, and tells its parent, the mempool router, when
/// the busy verdict changes. A restart starts from "not busy" and tells the parent so (its first verdict).
/// </summary>
public sealed class AdmissionProbe : ReceiveActor, IWithTimers
{
    private const string TimerKey = "probe";
    private readonly AdmissionSettings _settings;
    private readonly RokoMetrics _metrics;
    private readonly AdmissionLoad _load;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AdmissionSettings settings, RokoMetrics metrics) =>
        Akka.Actor.Props.Create(() => new AdmissionProbe(settings, metrics));

    public AdmissionProbe(AdmissionSettings settings, RokoMetrics metrics)
    {
        _settings = settings;
        _metrics = metrics;
        _load = new AdmissionLoad(settings);
        Receive<Probe>(OnProbe);
    }

    protected override void PreStart()
    {
        Context.Parent.Tell(Verdict());
        Schedule();
    }

    private void Schedule() =>
        Timers.StartSingleTimer(TimerKey, new Probe(Stopwatch.GetTimestamp() + (long)(_settings.ProbeInterval.TotalSeconds * Stopwatch.Frequency)),
            _settings.ProbeInterval);

    private void OnProbe(Probe probe)
    {
        var lateness = Stopwatch.GetElapsedTime(probe.DueAt);
        if (_load.Observe(lateness))
        {
            if (_load.Busy) _log.Warning("Refusing new transactions from clients: the node is too busy ({0})", _load.Refusal());
            else _log.Info("Taking transactions again: the dispatcher runs {0:F0} ms late", _load.Lag.TotalMilliseconds);
            Context.Parent.Tell(Verdict());
        }
        _metrics.SetDispatcherLag(_load.Lag);
        Schedule();
    }

    private AdmissionLoadChanged Verdict() => new(_load.Busy, _load.Lag, _load.Refusal(), _settings.RetryAfter);
}
