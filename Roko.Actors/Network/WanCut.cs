using System.Collections.Immutable;

namespace Roko.Actors.Network;

/// <summary>
/// Which of this node's links the emulated WAN has cut (the test-only /admin/wan endpoint): every peer, or the peers
/// named by their cluster address (<c>akka.tcp://roko@host:port</c>, as <see cref="PeerId"/> spells it). A cut link
/// carries nothing either way until healed. Pure.
/// </summary>
public sealed record WanCut
{
    private WanCut(bool allPeers, ImmutableSortedSet<string> peers)
    {
        AllPeers = allPeers;
        Peers = peers;
    }

    /// <summary>Nothing cut.</summary>
    public static WanCut None { get; } = new(false, ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    /// <summary>Every link cut: the node is alone.</summary>
    public static WanCut Everyone { get; } = new(true, None.Peers);

    public bool AllPeers { get; }

    /// <summary>The peers whose links are cut when not <see cref="AllPeers"/>.</summary>
    public ImmutableSortedSet<string> Peers { get; }

    public bool IsActive => AllPeers || !Peers.IsEmpty;

    /// <summary>Whether the link to the peer at <paramref name="peerAddress"/> is cut.</summary>
    public bool Isolates(string peerAddress) => AllPeers || Peers.Contains(peerAddress);

    /// <summary>This cut plus the links to <paramref name="peerAddresses"/>; no addresses cuts every link.</summary>
    public WanCut Cut(IReadOnlyCollection<string> peerAddresses)
    {
        ArgumentNullException.ThrowIfNull(peerAddresses);
        if (AllPeers || peerAddresses.Count == 0) return Everyone;
        return new WanCut(false, Peers.Union(peerAddresses));
    }

    public override string ToString() => AllPeers ? "all peers" : Peers.IsEmpty ? "none" : string.Join(", ", Peers);
}
