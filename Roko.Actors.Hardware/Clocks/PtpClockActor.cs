using Akka.Actor;
using Akka.Event;
using static Roko.Actors.Hardware.Clocks.PtpClockProtocol;

namespace Roko.Actors.Hardware.Clocks;

/// <summary>
/// Sole owner and only writer of the node's <see cref="DisciplinedClock"/>, on a pinned dispatcher. It reads its
/// source periodically, applies corrections, and publishes <see cref="ClockStatusChanged"/>. A failing device never
/// makes it crash: it falls back to the fallback source (the system clock) with a degraded status and says so.
/// </summary>
public sealed class PtpClockActor : ReceiveActor, IWithTimers
{
    private const string ReadTimerKey = "read-source";
    private const ClockStatus DegradedStatus = ClockStatus.FreeRunning;

    private readonly DisciplinedClock _clock;
    private readonly ClockSourceSettings _settings;
    private readonly IClockSource _fallback;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ClockStatus _publishedStatus;
    private string? _degradedReason;
    private PhcCrossTimestamp? _lastCrossTimestamp;
    private string? _lastCheck;

    public PtpClockActor(DisciplinedClock clock, ClockSourceSettings settings, IClockSource fallback)
    {
        _clock = clock;
        _settings = settings;
        _fallback = fallback;
        _publishedStatus = clock.Status;
        Primary();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props on the pinned clock dispatcher; the actor system's config must include <see cref="HardwareConfig.Default"/>.</summary>
    public static Props Props(DisciplinedClock clock, ClockSourceSettings settings, IClockSource? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(settings);
        var fallbackSource = fallback ?? SystemClockSource.Instance;
        return Akka.Actor.Props.Create(() => new PtpClockActor(clock, settings, fallbackSource))
            .WithDispatcher(HardwareConfig.ClockDispatcherId);
    }

    protected override void PreStart()
    {
        // A ptp4l-disciplined clock's status comes from ptp4l: its monitor polls the management socket beside this actor.
        if (_clock.Source is Ptp.Ptp4lClockSource ptp4l) Context.ActorOf(Ptp.Ptp4lMonitor.Props(ptp4l), "ptp4l");
        Timers.StartPeriodicTimer(ReadTimerKey, ReadSource.Instance, _settings.ReadingInterval);
        _log.Info("Clock actor started on {0}: {1}", _clock.Source.Name, _clock.Read());
    }

    private void Primary()
    {
        Receive<ReadSource>(_ => ReadPrimary());
        Receive<ApplyCorrection>(Apply);
        Receive<ApplySourceCorrection>(ApplyMeasuredOnSource);
        Receive<GetClockState>(_ => ReplyState());
    }

    private void Degraded()
    {
        Receive<ReadSource>(_ => PublishIfChanged("periodic read"));
        Receive<ApplyCorrection>(Apply);
        Receive<ApplySourceCorrection>(ApplyMeasuredOnSource);
        Receive<GetClockState>(_ => ReplyState());
    }

    private void ReadPrimary()
    {
        try
        {
            if (_clock.Source is IMonitoredClockSource monitored) CheckMonitored(monitored);
            else if (_clock.Source is PhcClockSource phc) _lastCrossTimestamp = phc.MeasureSystemOffset();
            var reading = _clock.Source.Read();
            ReanchorOn(reading);
            PublishIfChanged("periodic read");
        }
        catch (Exception e) when (e is ClockUnavailableException or ObjectDisposedException)
        {
            FallBack(e);
        }
    }

    /// <summary>
    /// A monitored source (a time card, a ptp4l-disciplined PHC) is asked to look at its status again; a change of what it
    /// says is logged, loudly when it leaves synchronized.
    /// </summary>
    private void CheckMonitored(IMonitoredClockSource source)
    {
        var check = source.Refresh();
        _lastCrossTimestamp = check.CrossTimestamp;
        if (check.Description == _lastCheck) return;
        _lastCheck = check.Description;
        if (source.Read().Status == ClockStatus.Synchronized) _log.Info("Clock source {0}: {1}", source.Name, check.Description);
        else _log.Warning("CLOCK SOURCE NOT SYNCHRONIZED: {0}: {1}", source.Name, check.Description);
    }

    /// <summary>
    /// A source that vouches for its own time (a synchronized time card, an NTP-synchronized system clock, and a card or
    /// PHC holding over since it lost its reference) bounds the clock afresh at every read: true time is the raw reading ±
    /// its error bound, and the clock reports the source's status. Intersected with the interval already claimed, so it
    /// only ever tightens an honest one; without this the interval would widen at max-drift-ppm forever. A source in
    /// holdover grows its own bound; the clock must then widen at least that fast between reads (ClockSourceSettings sees to
    /// it: a card widens at its holdover rate, a ptp4l clock's max-drift-ppm must cover its holdover rate).
    /// </summary>
    private void ReanchorOn(ClockReading reading)
    {
        if (reading.Status is not (ClockStatus.Synchronized or ClockStatus.Holdover) || !reading.IsBounded)
        {
            if (_clock.Source is IMonitoredClockSource) _clock.ReportSourceStatus(ClockStatus.Unsynchronized);
            return;
        }
        long raw = reading.Time.UnixNanoseconds;
        var anchor = new SourceCorrection(_clock.Source, raw, -reading.ErrorBoundNanos, reading.ErrorBoundNanos, null, _settings.MaxDriftPpm);
        try
        {
            var result = _clock.ApplySourceCorrection(anchor, countAsCorrection: false, reading.Status);
            if (result.ContradictedPreviousInterval)
                _log.Warning("The source {0} contradicted the interval the clock was claiming; taking the source's", _clock.Source.Name);
        }
        catch (ArgumentException e)
        {
            _log.Warning("Could not re-anchor on {0}: {1}", _clock.Source.Name, e.Message);
        }
    }

    private void FallBack(Exception failure)
    {
        var failed = _clock.Source;
        _degradedReason = $"{failed.Name} failed: {failure.Message}";
        _log.Error(failure, "CLOCK DEGRADED: {0}; falling back to {1}", _degradedReason, _fallback.Name);
        try
        {
            _clock.ReplaceSource(_fallback, DegradedStatus);
            if (failed is IDisposable disposable) disposable.Dispose();
        }
        catch (ClockUnavailableException e)
        {
            _log.Error(e, "CLOCK DEGRADED: fallback {0} is unreadable too; the clock reports unsynchronized", _fallback.Name);
        }
        Become(Degraded);
        PublishIfChanged(_degradedReason);
    }

    private void Apply(ApplyCorrection correction) =>
        ApplyWith(correction, () => _clock.ApplyCorrection(correction.OffsetNanos, correction.FrequencyPpb, correction.UncertaintyNanos));

    private void ApplyMeasuredOnSource(ApplySourceCorrection correction) =>
        ApplyWith(correction, () => _clock.ApplySourceCorrection(correction.Correction));

    private void ApplyWith(object correction, Func<CorrectionResult> apply)
    {
        try
        {
            var result = apply();
            if (result.ContradictedPreviousInterval)
                _log.Warning("Correction {0} contradicted the interval the clock was claiming; taking the new one", correction);
            Sender.Tell(new CorrectionApplied(result.PhaseNanos, result.Stepped, result.ContradictedPreviousInterval, _clock.Read()));
            PublishIfChanged("correction applied");
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new CorrectionRejected(e.Message));
        }
        catch (ClockUnavailableException e)
        {
            Sender.Tell(new CorrectionRejected($"clock source unreadable: {e.Message}"));
            FallBack(e);
        }
    }

    private void ReplyState() =>
        Sender.Tell(new CurrentClockState(_clock.Read(), _clock.Source.Name, _clock.LastCorrection, _degradedReason, _lastCrossTimestamp));

    private void PublishIfChanged(string reason)
    {
        var status = _clock.Read().Status;
        if (status == _publishedStatus) return;
        var changed = new ClockStatusChanged(_publishedStatus, status, _clock.Source.Name, reason);
        _publishedStatus = status;
        _log.Info("Clock status {0} -> {1} on {2}: {3}", changed.Previous, changed.Current, changed.SourceName, reason);
        Context.System.EventStream.Publish(changed);
    }
}
