using Roko.Actors.Crypto;

namespace Roko.Actors.Network;

/// <summary>Where a peer session stands.</summary>
public enum PeerState
{
    /// <summary>Handshakes sent, the peer's not yet verified or ours not yet acknowledged.</summary>
    Connecting,
    /// <summary>Both handshakes verified: messages and pings flow.</summary>
    Established,
    /// <summary>The peer's handshake was refused (wrong chain, genesis, signature…); nothing is exchanged.</summary>
    Refused,
    /// <summary>The DDoS guard cut the peer off until its blacklisting expires.</summary>
    Blacklisted,
}

/// <summary>
/// One remote node as its PeerSession sees it; the PeerManager's peer list is made of these. <c>BytesIn</c>/<c>BytesOut</c>
/// are frame bytes as they crossed the wire (after compression); <c>LinkUp</c> is false while pings go unanswered
/// (<c>roko.network.routes.link-down-after</c>); <c>SendCodec</c> is what frames to the peer are compressed with when they
/// are (none when either side does not offer it).
/// </summary>
public sealed record PeerInfo(
    PeerId Id,
    PeerState State,
    Region? Region = null,
    string? Role = null,
    PublicKey? NodeKey = null,
    long? RttSmoothedNanos = null,
    long? RttMinimumNanos = null,
    bool Reachable = true,
    bool Active = false,
    string? Refusal = null,
    long EnvelopesIn = 0,
    long EnvelopesRejected = 0,
    long BytesIn = 0,
    long BytesOut = 0,
    long WanDropped = 0,
    ValidatorStanding Standing = ValidatorStanding.Unknown,
    bool LinkUp = true,
    PayloadCodec SendCodec = PayloadCodec.None);

/// <summary>The PeerManager's rule for downing refused peers.</summary>
public static class RefusalDowning
{
    /// <summary>
    /// Down refused peers only while we have established more peers than we refused: a node that disagrees
    /// with most of the cluster (it is the one on the wrong chain) must not down the honest majority.
    /// </summary>
    public static bool MayDown(int established, int refused) => established > refused;
}
