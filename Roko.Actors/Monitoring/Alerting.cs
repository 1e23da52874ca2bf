using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;
using static Roko.Actors.Monitoring.AlertingProtocol;

namespace Roko.Actors.Monitoring;

/// <summary>
/// Evaluates the alert rules every <c>evaluation-interval</c> against a snapshot of the node's metrics, logs each
/// transition (firing at Error when critical, Warning otherwise; resolved at Info), publishes
/// <see cref="AlertFired"/>/<see cref="AlertResolved"/> and the rules' automated-response requests on the event
/// stream, and — when <c>alertmanager-url</c> is set — POSTs firing and resolved alerts to Alertmanager, retrying
/// with doubling back-off and re-sending firing alerts every <c>resend-interval</c>. Given a DistributedPubSub
/// mediator it also publishes every firing and resolved alert as a <see cref="NetworkAlert"/> on
/// <c>network-topic</c> (firing ones again every <c>resend-interval</c>), subscribes to that topic, and answers
/// <see cref="GetNetworkAlerts"/> with what every node reported. A network alert from another node passes the node's
/// guard first (<see cref="GuardPath.PubSub"/>, per sending host: the mediator forwards a published message with its
/// publisher as sender; the excess is dropped) and is then validated (<see cref="NetworkAlert.Validate"/>): a malformed
/// one is dropped and reported to the guard as invalid. Nothing here can crash it.
/// </summary>
public sealed class Alerting : ReceiveActor, IWithTimers
{
    private const string EvaluateTimer = "evaluate";
    private const string RetryTimer = "retry-delivery";
    private const string ResendTimer = "resend-firing";
    private const int LongestBackoffExponent = 30;

    private readonly AlertingSettings _settings;
    private readonly AlertSource _source;
    private readonly Func<MetricSnapshot> _snapshot;
    private readonly Func<NanoMoment> _stamp;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly AlertmanagerClient? _alertmanager;
    private readonly HttpClient? _ownHttp;
    private readonly IActorRef? _mediator;
    private readonly NodeGuard? _guard;
    private NetworkAlertView _network = NetworkAlertView.Empty;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, PostableAlert> _outbox = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, AlertState> _states = ImmutableDictionary<string, AlertState>.Empty;
    private bool _sending;
    private int _failedDeliveries;

    public Alerting(AlertingSettings settings, AlertSource source, Func<MetricSnapshot> snapshot, Func<NanoMoment> stamp,
        AlertmanagerClient? alertmanager, IActorRef? mediator = null, TimeProvider? time = null, NodeGuard? guard = null)
    {
        _guard = guard;
        _settings = settings;
        _source = source;
        _snapshot = snapshot;
        _stamp = stamp;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        if (alertmanager is null && settings.AlertmanagerUrl is { } url)
        {
            _ownHttp = new HttpClient();
            alertmanager = new AlertmanagerClient(_ownHttp, url, settings.AlertmanagerTimeout);
        }
        _alertmanager = alertmanager;
        _mediator = mediator;

        Receive<Evaluate>(_ => EvaluateRules());
        Receive<GetActiveAlerts>(_ => Sender.Tell(new CurrentAlerts([.. ActiveAlerts()])));
        Receive<AlertsDelivered>(_ => OnDelivered());
        Receive<DeliveryFailed>(OnDeliveryFailed);
        Receive<RetryDelivery>(_ => SendOutbox());
        Receive<ResendFiring>(_ => ResendFiringAlerts());
        Receive<NetworkAlert>(OnNetworkAlert);
        Receive<SubscribeAck>(_ => _log.Debug("Alerting: subscribed to network alerts on {0}", _settings.NetworkTopic));
        Receive<GetNetworkAlerts>(_ => Sender.Tell(new CurrentNetworkAlerts(_network.ByNode())));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The alerting actor of one node. <paramref name="http"/> is used when <c>alertmanager-url</c> is set (a
    /// shared client; the caller owns it; null: the actor makes and disposes its own). <paramref name="stamp"/> is the
    /// node clock's estimate, which only stamps alerts. <paramref name="mediator"/> is the DistributedPubSub mediator
    /// (null: no network alerts). <paramref name="time"/> is the monotonic source that <c>for</c> durations are measured
    /// on (null: <see cref="TimeProvider.System"/>, a Stopwatch; tests inject a fake). <paramref name="guard"/> is the
    /// node's guard, which meters network alerts from other nodes (null: they are not metered).
    /// </summary>
    public static Props Props(AlertingSettings settings, AlertSource source, Func<MetricSnapshot> snapshot,
        Func<NanoMoment> stamp, HttpClient? http = null, IActorRef? mediator = null, TimeProvider? time = null, NodeGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stamp);
        AlertmanagerClient? alertmanager = settings.AlertmanagerUrl is { } url && http is not null
            ? new AlertmanagerClient(http, url, settings.AlertmanagerTimeout)
            : null;
        return Akka.Actor.Props.Create(() => new Alerting(settings, source, snapshot, stamp, alertmanager, mediator, time, guard));
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(EvaluateTimer, Evaluate.Instance, _settings.EvaluationInterval);
        if (_alertmanager is not null || _mediator is not null)
            Timers.StartPeriodicTimer(ResendTimer, ResendFiring.Instance, _settings.ResendInterval);
        _mediator?.Tell(new Subscribe(_settings.NetworkTopic, Self));
    }

    protected override void PostStop()
    {
        _mediator?.Tell(new Unsubscribe(_settings.NetworkTopic, Self));
        _ownHttp?.Dispose();
    }

    private void OnNetworkAlert(NetworkAlert alert)
    {
        var source = _guard is null ? null : SenderSource.Of(Sender);
        if (source is { } admitted && !_guard!.Admit(GuardPath.PubSub, admitted).IsAllowed) return;
        if (alert.Validate() is { } problem)
        {
            if (source is { } sender) _guard!.ReportInvalid(GuardPath.PubSub, sender, $"network alert: {problem}");
            else _log.Warning("Alerting: a malformed network alert from {0} dropped: {1}", Sender.Path, problem);
            return;
        }
        _network = _network.Apply(alert);
    }

    private IEnumerable<ActiveAlert> ActiveAlerts() =>
        _settings.Rules.Where(rule => _states.GetValueOrDefault(rule.Name)?.IsActive == true)
                       .Select(rule => new ActiveAlert(rule, _states[rule.Name]));

    private void EvaluateRules()
    {
        MetricSnapshot snapshot;
        try
        {
            snapshot = _snapshot();
        }
        catch (Exception e)
        {
            _log.Warning(e, "Alerting: could not take a metric snapshot; rules not evaluated this time");
            return;
        }
        var evaluation = AlertEvaluator.Evaluate(_settings.Rules, _states, snapshot, new AlertTime(_time.GetElapsedTime(_started), _stamp()));
        _states = evaluation.States;
        foreach (var transition in evaluation.Transitions)
            OnTransition(transition, snapshot);
        // Held while firing, not only at the transition: a consensus driver restarted meanwhile learns it again.
        foreach (var active in ActiveAlerts().Where(a => a.State.Phase == AlertPhase.Firing && a.Rule.Response == AutomatedResponse.StopProposing))
            if (!evaluation.Transitions.Any(t => t.Rule.Name == active.Rule.Name))
                Context.System.EventStream.Publish(new StopProposing($"{active.Rule.Summary} ({active.Rule.Name})"));
        SendOutbox();
    }

    private void OnTransition(AlertTransition transition, MetricSnapshot snapshot)
    {
        var (rule, state) = (transition.Rule, transition.To);
        if (transition.Fired)
        {
            LogFired(rule, state);
            Context.System.EventStream.Publish(new AlertFired(_source.Node, rule, state));
            RequestResponse(rule, snapshot);
            Enqueue(rule, state);
            PublishToNetwork(rule, state);
        }
        else if (transition.Resolved)
        {
            _log.Info("Alert resolved: {0} [{1}] {2} = {3}", rule.Summary, rule.Name, rule.Metric, Value(rule, state));
            Context.System.EventStream.Publish(new AlertResolved(_source.Node, rule, state));
            if (rule.Response == AutomatedResponse.StopProposing)
                Context.System.EventStream.Publish(new ResumeProposing($"{rule.Summary} resolved"));
            Enqueue(rule, state);
            PublishToNetwork(rule, state);
        }
        else
        {
            _log.Debug("Alert {0} [{1}]: {2} -> {3}", rule.Summary, rule.Name, transition.From, state.Phase);
        }
    }

    private void LogFired(AlertRule rule, AlertState state)
    {
        const string template = "Alert firing ({0}): {1} [{2}] {3}";
        string description = state.Value is { } v ? rule.Describe(v) : rule.Metric;
        if (rule.Severity == AlertSeverity.Critical)
            _log.Error(template, rule.Severity.ToText(), rule.Summary, rule.Name, description);
        else
            _log.Warning(template, rule.Severity.ToText(), rule.Summary, rule.Name, description);
    }

    private void RequestResponse(AlertRule rule, MetricSnapshot snapshot)
    {
        string reason = $"{rule.Summary} ({rule.Name})";
        object? request = rule.Response switch
        {
            AutomatedResponse.StopProposing => new StopProposing(reason),
            AutomatedResponse.RequestMorePeers => new RequestMorePeers(reason),
            AutomatedResponse.NameMissingValidators => new MissingValidators(snapshot.MissingValidators),
            _ => null,
        };
        if (rule.Response == AutomatedResponse.NameMissingValidators)
            _log.Warning("{0}: missing validators: {1}", rule.Summary,
                snapshot.MissingValidators.IsEmpty ? "(none named)" : string.Join(", ", snapshot.MissingValidators));
        if (request is not null)
            Context.System.EventStream.Publish(request);
    }

    private static string Value(AlertRule rule, AlertState state) =>
        state.Value is { } v ? MetricValueText.Format(v, rule.Metric) : "no value";

    private void Enqueue(AlertRule rule, AlertState state)
    {
        if (_alertmanager is not null && AlertmanagerPayload.From(rule, state, _source, _settings.GeneratorUrl) is { } alert)
            _outbox[rule.Name] = alert;
    }

    private void ResendFiringAlerts()
    {
        foreach (var active in ActiveAlerts().Where(a => a.State.Phase == AlertPhase.Firing))
        {
            if (!_outbox.ContainsKey(active.Rule.Name))
                Enqueue(active.Rule, active.State);
            PublishToNetwork(active.Rule, active.State);
        }
        SendOutbox();
    }

    private void PublishToNetwork(AlertRule rule, AlertState state) =>
        _mediator?.Tell(new Publish(_settings.NetworkTopic, NetworkAlert.From(_source, rule, state)));

    private void SendOutbox()
    {
        if (_alertmanager is null || _sending || _outbox.Count == 0 || Timers.IsTimerActive(RetryTimer))
            return;
        ImmutableArray<PostableAlert> batch = [.. _outbox.Values];
        _outbox.Clear();
        _sending = true;
        _alertmanager.PostAsync(batch).PipeTo(Self,
            success: () => AlertsDelivered.Instance,
            failure: e => new DeliveryFailed(batch, e.GetBaseException().Message));
    }

    private void OnDelivered()
    {
        _sending = false;
        _failedDeliveries = 0;
        SendOutbox();
    }

    private void OnDeliveryFailed(DeliveryFailed failed)
    {
        _sending = false;
        _failedDeliveries++;
        foreach (var alert in failed.Alerts)
            _outbox.TryAdd(alert.Labels[AlertmanagerPayload.AlertNameLabel], alert);
        var backoff = Backoff(_failedDeliveries);
        _log.Warning("Alerting: sending {0} alert(s) to Alertmanager failed ({1}); retry {2} in {3}",
            failed.Alerts.Length, failed.Error, _failedDeliveries, backoff);
        Timers.StartSingleTimer(RetryTimer, RetryDelivery.Instance, backoff);
    }

    private TimeSpan Backoff(int failures)
    {
        int exponent = Math.Min(failures - 1, LongestBackoffExponent);
        double ticks = _settings.RetryMinBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= _settings.RetryMaxBackoff.Ticks ? _settings.RetryMaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
