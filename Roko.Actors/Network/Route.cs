namespace Roko.Actors.Network;

/// <summary>A path through the overlay, first element the source, last the destination, with its summed RTT.</summary>
public sealed record Route(IReadOnlyList<PeerId> Path, long CostNanos)
{
    public PeerId Source => Path[0];
    public PeerId Destination => Path[^1];
    /// <summary>The peer to hand the message to; null when source and destination are the same node.</summary>
    public PeerId? NextHop => Path.Count > 1 ? Path[1] : null;

    public bool Touches(PeerId node) => Path.Contains(node);

    public bool UsesLink(PeerId a, PeerId b)
    {
        for (int i = 1; i < Path.Count; i++)
            if ((Path[i - 1] == a && Path[i] == b) || (Path[i - 1] == b && Path[i] == a))
                return true;
        return false;
    }

    public override string ToString() => $"{string.Join(" -> ", Path)} ({CostNanos} ns)";
}
