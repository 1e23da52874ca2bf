using Roko.Actors.Network;

namespace Roko.Actors.Propagation;

/// <summary>
/// Chooses where a node forwards a message it has just seen for the first time (docs/network.md §Propagation).
/// Pure: the active peers, the sender and a seeded <see cref="Random"/> fully determine the answer.
/// </summary>
public sealed class PropagationPlanner(PropagationSettings settings)
{
    /// <param name="activePeers">The active set with measured RTTs.</param>
    /// <param name="sender">The peer it came from; null when this node is the origin.</param>
    public IReadOnlyList<PeerCandidate> Targets(PropagationStrategy strategy, IReadOnlyList<PeerCandidate> activePeers, PeerId? sender, Random random)
    {
        var candidates = activePeers.Where(p => p.Id != sender).ToList();
        return strategy switch
        {
            PropagationStrategy.Flood => candidates,
            PropagationStrategy.Gossip => Gossip(candidates, random),
            PropagationStrategy.Structured => throw new ArgumentException(
                "structured messages go along the PeerManager's latency routes (RouteEnvelope), not to planned targets", nameof(strategy)),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown strategy"),
        };
    }

    private List<PeerCandidate> Gossip(List<PeerCandidate> candidates, Random random)
    {
        if (candidates.Count <= settings.Fanout) return candidates;
        var byLatency = candidates.OrderBy(p => p.RttNanos ?? long.MaxValue).ThenBy(p => p.Id).ToList();
        var chosen = byLatency.Take(settings.FastestShare).ToList();
        var rest = byLatency.Skip(settings.FastestShare).ToList();
        while (chosen.Count < settings.Fanout)
        {
            int i = random.Next(rest.Count);
            chosen.Add(rest[i]);
            rest[i] = rest[^1];
            rest.RemoveAt(rest.Count - 1);
        }
        return chosen;
    }
}
