using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;
using static Roko.Actors.Network.Overlay.PeerWire;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// The session's defence: every message through the node's guard, the peer's signed handshake replies, pings and pongs
/// checked, and a blacklisted peer cut off until its blacklisting ends.
/// </summary>
public sealed partial class PeerSession
{
    /// <summary>
    /// Replies are expected to hellos signed within the handshake's max-age and to pings sent within link-down-after (a
    /// later pong finds the link already down).
    /// </summary>
    private static SessionSignalCheck NewSignalCheck(OverlaySettings settings)
    {
        int hellos = (int)Math.Min(int.MaxValue, settings.Envelope.MaxAgeNanos / Nanoseconds.FromTimeSpan(settings.HelloInterval) + 1);
        int pings = (int)Math.Min(int.MaxValue, settings.Routes.LinkDownAfterNanos / Nanoseconds.FromTimeSpan(settings.PingInterval) + 1);
        return new SessionSignalCheck(hellos, pings);
    }

    /// <summary>One inbound message through the node's guard; false when it must be dropped (or the emulated WAN link is cut).</summary>
    private bool Admitted()
    {
        if (_wanLinkCut) return false;
        var verdict = _guard.Admit(GuardPath.PeerSession, _source);
        if (verdict is GuardVerdict.Blacklisted blacklisted)
            CutOffBlacklisted(_source, blacklisted.JustNow ? "rate violations" : $"{_source} is blacklisted", blacklisted.Until);
        return verdict.IsAllowed;
    }

    /// <summary>Reports a message that failed a check to the guard; true when that blacklisted the peer (it is cut off).</summary>
    private bool CountInvalid(string why)
    {
        if (_guard.ReportInvalid(GuardPath.PeerSession, _source, why) is not GuardVerdict.Blacklisted blacklisted) return false;
        CutOffBlacklisted(_source, "invalid messages", blacklisted.Until);
        return true;
    }

    /// <summary>Cuts the peer off when <paramref name="source"/> is blacklisted now; true when it did.</summary>
    private bool CutOffIfBlacklisted(GuardSource source, string why)
    {
        if (_guard.BlacklistedUntil(source) is not { } until) return false;
        CutOffBlacklisted(source, why, until);
        return true;
    }

    /// <summary>Drops everything from the peer and sends it nothing until <paramref name="until"/>, then handshakes again.</summary>
    private void CutOffBlacklisted(GuardSource source, string why, Hardware.Time.NanoMoment until)
    {
        var wait = Nanoseconds.TimerDelay(until - Now());
        if (_info.State == PeerState.Blacklisted)
        {
            Timers.StartSingleTimer(BlacklistTimer, BlacklistExpired.Instance, wait);
            return;
        }
        string reason = $"{why}, suspicion {_guard.ScoreOf(source):F0}, for {wait.TotalSeconds:F0} s";
        _log.Warning("Peer {0} blacklisted by the node's guard ({1}); cutting it off", Id, reason);
        Timers.CancelAll();
        Timers.StartSingleTimer(BlacklistTimer, BlacklistExpired.Instance, wait);
        Become(Blacklisted);
        Update(_info with { State = PeerState.Blacklisted, Active = false });
        Context.System.EventStream.Publish(new PeerBlacklisted(Id, reason));
    }

    /// <summary>The blacklisting is over: the handshake starts again from scratch (the guard still remembers the offence).</summary>
    private void Readmit()
    {
        _peerVerified = false;
        _oursAccepted = false;
        _acceptedBy = null;
        _peer = ActorRefs.Nobody;
        _source = _hostSource;
        if (_guard.BlacklistedUntil(_hostSource) is { } until)
        {
            CutOffBlacklisted(_hostSource, "its host is blacklisted", until);
            return;
        }
        _log.Info("Peer {0}: blacklisting over, handshaking again", Id);
        Become(Connecting);
        Update(_info with { State = PeerState.Connecting });
        Timers.StartPeriodicTimer(HelloTimer, HelloTick.Instance, TimeSpan.Zero, _settings.HelloInterval);
    }

    /// <summary>
    /// The peer's signal of <paramref name="kind"/>, checked against the key its handshake proved (any signer before that);
    /// null when refused — counted by kind and reason, and reported to the guard unless it is only a late or replayed answer.
    /// </summary>
    private SessionSignalVerdict.Accepted? OpenSignal(byte[] encoded, SessionSignalKind kind)
    {
        var verdict = _signals.Open(encoded, kind, _peerVerified ? _info.NodeKey : null);
        if (verdict is SessionSignalVerdict.Accepted accepted) return accepted;
        var rejected = (SessionSignalVerdict.Rejected)verdict;
        _metrics?.RecordSessionSignalRefused(kind, rejected.Reason);
        if (rejected.RaisesSuspicion) CountInvalid($"{kind} refused: {rejected}");
        else _log.Debug("{0} from {1} dropped: {2}", kind, Id, rejected);
        return null;
    }

    private byte[] Sign(SessionSignalKind kind, Hash32 answers, long stamp = 0, HandshakeRefusal? refusal = null, string detail = "") =>
        SessionSignal.Seal(kind, _identity.Key, answers, stamp, refusal, detail).Encode();

    /// <summary>Answers the sender of <paramref name="hello"/> with our signed refusal of it.</summary>
    private void ReplyRefused(Hello hello, HandshakeVerdict.Refused refused) =>
        Sender.Tell(new HelloRefused(Sign(SessionSignalKind.HelloRefused, SessionSignalCheck.DigestOf(hello.Handshake),
            refusal: refused.Reason, detail: refused.Detail)), Self);

    private void SendPing()
    {
        long stamp = Now().UnixNanoseconds;
        var ping = Sign(SessionSignalKind.Ping, Hash32.Zero, stamp);
        _signals.PingSent(ping, stamp);
        Transmit(new Ping(ping));
    }

    /// <summary>A ping signed by the peer is answered with our signed pong naming it.</summary>
    private void AnswerPing(Ping ping)
    {
        if (OpenSignal(ping.Signal, SessionSignalKind.Ping) is not { Signal: var signal }) return;
        Transmit(new Pong(Sign(SessionSignalKind.Pong, SessionSignalCheck.DigestOf(ping.Signal), signal.Stamp)));
    }
}
