using Akka.Actor;
using Akka.Event;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Monitoring;
using static Roko.Actors.Network.Overlay.PeerManagerProtocol;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;
using static Roko.Actors.Network.Overlay.PeerWire;

namespace Roko.Actors.Network.Overlay;

/// <summary>The session's traffic: frames out of the outbound queue and into the inbound handler, RTT tables, link liveness.</summary>
public sealed partial class PeerSession
{
    /// <summary>
    /// A frame from the peer: opened (codec we offered, size bounds, well formed — a bad frame counts against the peer
    /// like an invalid envelope), then each entry through the node's guard and the envelope validator as before.
    /// </summary>
    private void OnFrame(Frame frame)
    {
        DecodedFrame decoded;
        try
        {
            decoded = _frames.Decode(frame.Bytes, _settings.Compression.Offered);
        }
        catch (PayloadRejectedException e)
        {
            _metrics?.RecordWire(TrafficDirection.Inbound, null, frame.Bytes.Length, frame.Bytes.Length, PayloadCodec.None);
            if (!Admitted()) return;
            _log.Warning("Frame from {0} refused: {1}", Id, e.Message);
            _metrics?.RecordFrameRejected(e.Reason);
            CountInvalid($"frame refused: {e.Message}");
            return;
        }
        _metrics?.RecordWire(TrafficDirection.Inbound, decoded.Priority, decoded.WireBytes, decoded.UncompressedBytes, decoded.Codec);
        long received = 0, rejected = 0;
        foreach (var entry in decoded.Entries)
        {
            _metrics?.RecordMessages(TrafficDirection.Inbound, 1);
            if (!Admitted())
            {
                if (_info.State == PeerState.Blacklisted) break;
                continue;
            }
            var verdict = _validator.Validate(entry.Envelope, _clock.Now());
            if (verdict is EnvelopeVerdict.Accepted accepted)
            {
                received++;
                var route = entry.Route is { } header && header.HopsLeft > _settings.Routes.MaxHops
                    ? header with { HopsLeft = _settings.Routes.MaxHops }
                    : entry.Route;
                var admitted = new EnvelopeReceived(Id, accepted.Envelope, route);
                foreach (var handler in _envelopeHandlers) handler.Tell(admitted);
                continue;
            }
            rejected++;
            _log.Warning("Envelope from {0} rejected: {1}", Id, verdict);
            _metrics?.RecordEnvelopeRejected(((EnvelopeVerdict.Rejected)verdict).Reason);
            if (CountInvalid($"envelope rejected: {verdict}")) break;
        }
        Update(_info with
        {
            EnvelopesIn = _info.EnvelopesIn + received,
            EnvelopesRejected = _info.EnvelopesRejected + rejected,
            BytesIn = _info.BytesIn + decoded.WireBytes,
        });
    }

    /// <summary>The peer's RTT table: verified like any envelope, then opened; a bad one counts against the peer.</summary>
    private void OnRttShare(RttShare share)
    {
        _metrics?.RecordMessage(TrafficDirection.Inbound, share.Table.Length);
        if (!Admitted()) return;
        var verdict = _validator.Validate(share.Table, _clock.Now());
        if (verdict is EnvelopeVerdict.Rejected rejected)
        {
            _log.Warning("RTT table envelope from {0} rejected: {1}", Id, rejected);
            _metrics?.RecordEnvelopeRejected(rejected.Reason);
            CountInvalid($"RTT table envelope rejected: {rejected}");
            return;
        }
        switch (_rttTableCheck.Open(((EnvelopeVerdict.Accepted)verdict).Envelope, _info.NodeKey))
        {
            case RttTableVerdict.Accepted accepted:
                Context.Parent.Tell(new RttTableReceived(Id, accepted.Table));
                break;
            case RttTableVerdict.Rejected refused:
                _log.Warning("RTT table from {0} refused: {1}", Id, refused);
                _metrics?.RecordRttTableRejected(refused.Reason);
                CountInvalid($"RTT table refused: {refused}");
                break;
        }
    }

    private void OnSend(Send send)
    {
        var entry = new FrameEntry(send.Envelope.Encode(), send.Route);
        _outbound.Enqueue(entry, send.Envelope.Priority, entry.EncodedSize, Now());
        if (_info.State == PeerState.Established) Flush();
    }

    /// <summary>Sends every batch that is due, each as one frame, and schedules the timer for the next one.</summary>
    private void Flush()
    {
        var now = Now();
        long bytes = 0;
        while (_outbound.TakeBatch(now) is { } batch)
        {
            var frame = _frames.Encode(batch.Priority, batch.Messages, _compressToPeer);
            Transmit(new Frame(frame.Bytes));
            bytes += frame.Bytes.Length;
            _metrics?.RecordMessages(TrafficDirection.Outbound, batch.Messages.Count);
            _metrics?.RecordWire(TrafficDirection.Outbound, batch.Priority, frame.Bytes.Length, frame.UncompressedBytes, frame.Codec);
        }
        if (bytes > 0) Update(_info with { BytesOut = _info.BytesOut + bytes });
        if (_outbound.NextSendAt is not { } next || _flushScheduledFor == next) return;
        _flushScheduledFor = next;
        var delay = Nanoseconds.TimerDelay(next - now);
        Timers.StartSingleTimer(FlushTimer, new FlushTick(next), delay);
    }

    /// <summary>On each ping: a link with no pong for link-down-after is down, and leaves the latency routes until one comes.</summary>
    private void CheckLink()
    {
        long silentNanos = Now() - _lastPongAt;
        if (!_info.LinkUp || silentNanos <= _settings.Routes.LinkDownAfterNanos) return;
        _log.Info("Link to {0} is down: no pong for {1}", Id, Nanoseconds.ToTimeSpan(silentNanos));
        Update(_info with { LinkUp = false });
    }
}
