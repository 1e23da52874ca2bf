namespace Roko.Actors.Network.Overlay;

/// <summary>
/// Which incarnation of each member address the PeerManager's session to that address is for: a node restarted on the
/// same host and port is a new cluster member (same address, new uid), and the removal of its previous incarnation must
/// not stop the session the new one is using. Akka.Cluster publishes the events of one gossip change with the members that
/// are new or changed first and the removed ones last, so on a node that learns both at once the new incarnation's
/// MemberUp comes before the old one's MemberRemoved, for the same address. Keyed by the address as text, with the
/// member's uid; pure, no Akka.
/// </summary>
public sealed class MemberIncarnations
{
    private readonly Dictionary<string, long> _uids = new(StringComparer.Ordinal);

    /// <summary>The incarnation the address is known by now, or null.</summary>
    public long? Current(string address) => _uids.TryGetValue(address, out long uid) ? uid : null;

    /// <summary>A member of that address is up (or handshaking with us): it is the incarnation the address stands for now.</summary>
    public void Up(string address, long uid) => _uids[address] = uid;

    /// <summary>
    /// Records that this incarnation left the cluster. True when it was the one the address stood for (or none was known):
    /// the session to the address must stop. False when a newer incarnation of the address is already up: its session stays.
    /// </summary>
    public bool Removed(string address, long uid)
    {
        if (_uids.TryGetValue(address, out long current) && current != uid) return false;
        _uids.Remove(address);
        return true;
    }
}
