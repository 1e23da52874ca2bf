using Roko.Actors.Wire;

namespace Roko.Actors.Network.Overlay;

/// <summary>
/// Messages between the PeerSessions of two nodes (Hyperion with the allowlist; envelopes and signals as canonical bytes).
/// Every one is signed by the sending node's key: the hello as a handshake envelope, the others as a
/// <see cref="SessionSignal"/>, which a reply binds to the hello or ping it answers.
/// </summary>
public static class PeerWire
{
    /// <summary>
    /// A session's signed handshake (an encoded <see cref="Envelope"/> of type <see cref="Handshake.EnvelopeType"/>),
    /// sent to the remote PeerManager, which forwards it to its session for the sender's address; repeated
    /// every hello-interval until <see cref="HelloAccepted"/> arrives. <paramref name="AwaitsYours"/>: the sender has not
    /// verified the receiver's handshake yet (its session started over), so an established receiver sends its own again.
    /// </summary>
    public sealed record Hello(byte[] Handshake, bool AwaitsYours = false) : IWireMessage;

    /// <summary>
    /// The receiving session verified the sender's handshake; the sender of this is that session. <paramref name="Signal"/>: a
    /// <see cref="SessionSignalKind.HelloAccepted"/> signal naming the hello's digest.
    /// </summary>
    public sealed record HelloAccepted(byte[] Signal) : IWireMessage;

    /// <summary>
    /// The receiving session refused the sender's handshake; sent in answer to each further <see cref="Hello"/>,
    /// so the refused node learns why (it never downs anyone for it: it is the one in the minority).
    /// <paramref name="Signal"/>: a <see cref="SessionSignalKind.HelloRefused"/> signal naming the hello's digest, the reason and detail.
    /// </summary>
    public sealed record HelloRefused(byte[] Signal) : IWireMessage;

    /// <summary>RTT probe: a <see cref="SessionSignalKind.Ping"/> signal stamped with the sender's clock midpoint (ns since the Unix epoch).</summary>
    public sealed record Ping(byte[] Signal) : IWireMessage;

    /// <summary>Answer to <see cref="Ping"/>: a <see cref="SessionSignalKind.Pong"/> signal naming the ping's digest and echoing its stamp.</summary>
    public sealed record Pong(byte[] Signal) : IWireMessage;

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
