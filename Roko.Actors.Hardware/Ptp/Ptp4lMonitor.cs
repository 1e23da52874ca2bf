using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Time;
using static Roko.Actors.Hardware.Ptp.Ptp4lMonitorProtocol;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// /user/node/clock/ptp4l: asks ptp4l over its management socket every poll-interval (TIME_STATUS_NP, PORT_DATA_SET,
/// PARENT_DATA_SET, CURRENT_DATA_SET), has <see cref="Ptp4lClockJudge"/> judge the answers and hands the judgement to the
/// clock source, whose next read by the clock actor re-anchors (or degrades) the node clock. One poll at a time; a poll
/// that fails (ptp4l stopped, socket gone, timeout) is judged as a lost grandmaster. Restarted by its parent, it starts
/// from "not asked yet" (the source keeps the last judgement until the first poll).
/// </summary>
public sealed class Ptp4lMonitor : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";

    private readonly Ptp4lClockSource _source;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private PtpManagementClient? _client;
    private bool _polling;
    private long _polls;
    private long _failedPolls;

    public Ptp4lMonitor(Ptp4lClockSource source)
    {
        _source = source;
        Receive<Poll>(_ => StartPoll());
        Receive<Polled>(OnPolled);
        Receive<GetPtp4lState>(_ => Sender.Tell(new CurrentPtp4lState(_source.Judgement, _polls, _failedPolls)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Ptp4lClockSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Akka.Actor.Props.Create(() => new Ptp4lMonitor(source));
    }

    protected override void PreStart()
    {
        var management = _source.Settings.Management ?? throw new InvalidOperationException("roko.ptp settings are missing");
        _log.Info("Reading ptp4l at {0} (domain {1}) every {2} ms", management.ManagementSocketPath, management.Domain,
            _source.Settings.PollInterval.TotalMilliseconds);
        Self.Tell(Poll.Instance);
        Timers.StartPeriodicTimer(PollTimer, Poll.Instance, _source.Settings.PollInterval);
    }

    protected override void PostStop() => _client?.Dispose();

    private void StartPoll()
    {
        if (_polling) return;
        try
        {
            _client ??= PtpManagementClient.Create(_source.Settings.Management!);
        }
        catch (PtpManagementException e)
        {
            Self.Tell(new Polled(null, e.Message));
            return;
        }
        _polling = true;
        PollAsync(_client, _source).PipeTo(Self);
    }

    private static async Task<Polled> PollAsync(PtpManagementClient client, Ptp4lClockSource source)
    {
        try
        {
            var time = await client.GetTimeStatusAsync().ConfigureAwait(false);
            var port = await client.GetPortDataSetAsync().ConfigureAwait(false);
            var parent = await client.GetParentDataSetAsync().ConfigureAwait(false);
            var current = await client.GetCurrentDataSetAsync().ConfigureAwait(false);
            return new Polled(new Ptp4lObservation(time, port, parent, current, source.ReadClock()), null);
        }
        catch (Exception e) when (e is TimeoutException or PtpManagementException or PtpDecodingException or PtpManagementErrorException
                                       or Clocks.ClockUnavailableException)
        {
            return new Polled(null, e.Message);
        }
    }

    private void OnPolled(Polled polled)
    {
        _polling = false;
        _polls++;
        if (polled.Observation is null) _failedPolls++;
        var previous = _source.Judgement;
        NanoMoment now = polled.Observation?.ClockNow ?? _source.ReadClock();
        var judgement = Ptp4lClockJudge.Judge(polled.Observation, polled.Failure, now, previous, _source.Settings);
        _source.Update(judgement);
        if (judgement.Status == previous.Status) return;
        if (judgement.Status == Clocks.ClockStatus.Synchronized)
            _log.Info("ptp4l: {0} -> {1}: {2} ({3})", previous.Status, judgement.Status, judgement.Reason, judgement.Seen);
        else
            _log.Warning("ptp4l: {0} -> {1}: {2} ({3})", previous.Status, judgement.Status, judgement.Reason,
                judgement.Seen?.ToString() ?? "nothing seen");
        Context.System.EventStream.Publish(new Ptp4lStatusChanged(previous, judgement));
    }
}
