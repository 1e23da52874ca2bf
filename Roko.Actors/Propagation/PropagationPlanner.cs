using Roko.Actors.Network;

namespace Roko.Actors.Propagation;

/// <summary>
/// Chooses where a node forwards a message it has just seen for the first time (docs/network.md §Propagation).
/// Pure: the active peers, the sender and a seeded <see cref="Random"/> fully determine the answer.
/// </summary>
public sealed class PropagationPlanner(PropagationSettings settings)
{
    /// <param name="self">This node and its region.</param>
    /// <param name="activePeers">The active set with measured RTTs.</param>
    /// <param name="sender">The peer it came from; null when this node is the origin.</param>
    /// <param name="senderRegion">The sender's region (structured relays forward only inside their own region).</param>
    public IReadOnlyList<PeerCandidate> Targets(PropagationStrategy strategy, Region self, IReadOnlyList<PeerCandidate> activePeers,
        PeerId? sender, Region? senderRegion, Random random)
    {
        var candidates = activePeers.Where(p => p.Id != sender).ToList();
        return strategy switch
        {
            PropagationStrategy.Flood => candidates,
            PropagationStrategy.Gossip => Gossip(candidates, random),
            PropagationStrategy.Structured => Structured(self, candidates, sender is null, senderRegion),
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

    private static List<PeerCandidate> Structured(Region self, List<PeerCandidate> candidates, bool isOrigin, Region? senderRegion)
    {
        var sameRegion = candidates.Where(p => p.Region == self).ToList();
        // A relay that got it from its own region has nothing left to do: the origin's region is covered directly.
        if (!isOrigin && senderRegion == self) return [];
        if (!isOrigin) return sameRegion;
        var relays = candidates
            .Where(p => p.Region != self)
            .GroupBy(p => p.Region)
            .Select(g => g.OrderBy(p => p.RttNanos ?? long.MaxValue).ThenBy(p => p.Id).First());
        return [.. sameRegion, .. relays];
    }
}
