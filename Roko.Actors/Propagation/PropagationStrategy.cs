namespace Roko.Actors.Propagation;

/// <summary>How a message spreads from the node that first has it.</summary>
public enum PropagationStrategy
{
    /// <summary>Every active peer, on first receipt (votes, alerts: the fastest and most redundant).</summary>
    Flood,
    /// <summary>On first receipt, <c>fanout</c> peers: the fastest first, the rest at random; never back to the sender.</summary>
    Gossip,
    /// <summary>
    /// Along the lowest-RTT routes of the latency graph (Dijkstra) to the message's destinations — the node keys its
    /// producer names, or every node — each hop sending one copy per next hop; a node on the way delivers only when it is
    /// a destination.
    /// </summary>
    Structured,
}

/// <summary>What a propagated message is; each kind has a strategy in HOCON <c>roko.propagation.strategies</c>.</summary>
public enum MessageKind
{
    Vote,
    Proposal,
    Block,
    Transaction,
    Alert,
    Checkpoint,
    /// <summary>Evidence of a fork (<see cref="Forks.ForkEvidence"/>), flooded by the node that found it so every node records it.</summary>
    Fork,
}
