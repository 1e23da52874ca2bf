namespace Roko.Actors.Network;

/// <summary>A known peer that could join the active set; <paramref name="RttNanos"/> is null until measured.</summary>
public sealed record PeerCandidate(PeerId Id, Region Region, long? RttNanos);

/// <summary>Why a peer is in the active set.</summary>
public enum SelectionReason
{
    /// <summary>Among the fastest of its region, kept so every other region stays reachable.</summary>
    CrossRegion,
    LowLatency,
    /// <summary>Chosen at random from the rest, so a fast clique cannot eclipse the node.</summary>
    Random,
}

public sealed record SelectedPeer(PeerCandidate Peer, SelectionReason Reason);

/// <summary>
/// Chooses the bounded active peer set: first up to <see cref="PeerSelectionSettings.CrossRegionPeers"/> fastest
/// peers of each region other than ours, then the fastest remaining peers until only the random slots are left,
/// then <see cref="PeerSelectionSettings.RandomPeers"/> uniformly from the rest. With no more candidates than
/// <see cref="PeerSelectionSettings.MaxPeers"/> all are taken. Unmeasured peers count as slowest; ties break by
/// id, so the result depends only on the candidates and the seed of the <see cref="Random"/> passed in.
/// </summary>
public sealed class PeerSelection(PeerSelectionSettings settings)
{
    public IReadOnlyList<SelectedPeer> Choose(IEnumerable<PeerCandidate> candidates, Region ownRegion, Random random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        var remaining = candidates
            .DistinctBy(c => c.Id)
            .OrderBy(c => c.RttNanos ?? long.MaxValue)
            .ThenBy(c => c.Id)
            .ToList();
        var chosen = new List<SelectedPeer>(Math.Min(settings.MaxPeers, remaining.Count));

        foreach (var region in RegionText.All.Where(r => r != ownRegion))
            foreach (var peer in remaining.Where(c => c.Region == region).Take(settings.CrossRegionPeers).ToList())
                Take(peer, SelectionReason.CrossRegion);

        int lowLatencySlots = Math.Max(0, settings.MaxPeers - settings.RandomPeers - chosen.Count);
        foreach (var peer in remaining.Take(lowLatencySlots).ToList())
            Take(peer, SelectionReason.LowLatency);

        int randomSlots = Math.Min(settings.MaxPeers - chosen.Count, remaining.Count);
        for (int i = 0; i < randomSlots; i++)
            Take(remaining[random.Next(remaining.Count)], SelectionReason.Random);

        return chosen;

        void Take(PeerCandidate peer, SelectionReason reason)
        {
            remaining.Remove(peer);
            chosen.Add(new SelectedPeer(peer, reason));
        }
    }
}
