using Roko.Actors.Wire;

namespace Roko.Actors.Network.Overlay;

/// <summary>Messages between the PeerSessions of two nodes (Hyperion with the allowlist; envelopes as canonical bytes).</summary>
public static class PeerWire
{
    /// <summary>
    /// A session's signed handshake (an encoded <see cref="Envelope"/> of type <see cref="Handshake.EnvelopeType"/>),
    /// sent to the remote PeerManager, which forwards it to its session for the sender's address; repeated
    /// every hello-interval until <see cref="HelloAccepted"/> arrives.
    /// </summary>
    public sealed record Hello(byte[] Handshake) : IWireMessage;

    /// <summary>The receiving session verified the sender's handshake; the sender of this is that session.</summary>
    public sealed record HelloAccepted : IWireMessage
    {
        public static HelloAccepted Instance { get; } = new();
    }

    /// <summary>
    /// The receiving session refused the sender's handshake; sent in answer to each further <see cref="Hello"/>,
    /// so the refused node learns why (it never downs anyone for it: it is the one in the minority).
    /// </summary>
    public sealed record HelloRefused(HandshakeRefusal Reason, string Detail) : IWireMessage;

    /// <summary>RTT probe, stamped with the sender's clock midpoint (ns since the Unix epoch).</summary>
    public sealed record Ping(long SentAtNanos) : IWireMessage;

    /// <summary>Answer to <see cref="Ping"/>, echoing its stamp.</summary>
    public sealed record Pong(long SentAtNanos) : IWireMessage;

    /// <summary>
    /// A batch of the sending node's outbound queue, in send order, as one <see cref="WireFrame"/>: priority header, codec,
    /// body (compressed when both ends agreed on a codec in their handshakes and it pays).
    /// </summary>
    public sealed record Frame(byte[] Bytes) : IWireMessage;

    /// <summary>
    /// The sender's RTT table (an encoded <see cref="Envelope"/> of type <see cref="RttTable.EnvelopeType"/>, signed by
    /// its node key), sent every <c>roko.network.routes.share-interval</c> to each established session.
    /// </summary>
    public sealed record RttShare(byte[] Table) : IWireMessage;
}
