using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using static Roko.Actors.Network.Overlay.PeerSessionProtocol;
using static Roko.Actors.Network.Overlay.PeerWire;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// A PeerSession's mailbox: the handshake and liveness signals and consensus traffic go first (hellos, pings and pongs;
/// frames whose priority header is Consensus, and this node's consensus envelopes on their way out), then block traffic,
/// then everything else — transaction gossip above all, whose envelopes each cost a signature check in the session.
/// First in, first out, a flood of transaction frames held a proposal or a vote behind it for seconds and every round
/// timed out; a pong waited as long and read as seconds of network latency. Within a priority, first in, first out.
/// The priority of a received frame is its first byte (<see cref="WireFrame"/>), read without decompressing. Declared in
/// hocon/roko.conf as <see cref="Id"/>.
/// </summary>
public sealed class PeerSessionMailbox(Settings settings, Config config) : UnboundedStablePriorityMailbox(settings, config)
{
    public const string Id = "roko.network.session.mailbox";
    private const int Urgent = (int)MessagePriority.Consensus;

    protected override int PriorityGenerator(object message) => message switch
    {
        Hello or HelloAccepted or HelloRefused or Ping or Pong or PingTick => Urgent,
        Frame { Bytes.Length: > 0 } frame when Enum.IsDefined((MessagePriority)frame.Bytes[0]) => frame.Bytes[0],
        Send send => (int)send.Envelope.Priority,
        _ => (int)MessagePriority.Transaction,
    };
}
