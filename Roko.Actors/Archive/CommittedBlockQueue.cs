using System.Collections.Immutable;
using Roko.Actors.Ledger;

namespace Roko.Actors.Archive;

/// <summary>
/// The order in which an archive hands gossiped committed blocks to its chain store: strictly the next height, one at
/// a time. Blocks from the future wait (at most <see cref="Capacity"/>, the nearest heights kept), stale and repeated
/// ones are dropped. Pure; the follower actor holds it.
/// </summary>
public sealed record CommittedBlockQueue(ulong Tip, int Capacity, ImmutableSortedDictionary<ulong, Block> Waiting, ulong? InFlight)
{
    public static CommittedBlockQueue Start(ulong tip, int capacity) =>
        capacity > 0 ? new(tip, capacity, ImmutableSortedDictionary<ulong, Block>.Empty, null)
            : throw new ArgumentOutOfRangeException(nameof(capacity), "the queue must hold at least one block");

    /// <summary>The lowest height missing below the waiting blocks (the gap block sync would fill), or null when none is.</summary>
    public ulong? MissingFrom => Waiting.Count > 0 && Waiting.Keys.First() > Tip + 1 && InFlight is null ? Tip + 1 : null;

    /// <summary>Adds a gossiped block; returns the queue and the block to commit now, if any.</summary>
    public (CommittedBlockQueue Queue, Block? Commit) Offer(Block block)
    {
        if (block.Height <= Tip || block.Height == InFlight || Waiting.ContainsKey(block.Height)) return (this, null);
        var waiting = Waiting.Add(block.Height, block);
        while (waiting.Count > Capacity) waiting = waiting.Remove(waiting.Keys.Last());
        return (this with { Waiting = waiting }).Next();
    }

    /// <summary>The chain store committed <paramref name="height"/> (or got there by other means, e.g. block sync).</summary>
    public (CommittedBlockQueue Queue, Block? Commit) Committed(ulong height)
    {
        if (height < Tip) return (this, null);
        var waiting = Waiting;
        foreach (var stale in waiting.Keys.TakeWhile(k => k <= height).ToList()) waiting = waiting.Remove(stale);
        return (this with { Tip = height, Waiting = waiting, InFlight = InFlight <= height ? null : InFlight }).Next();
    }

    /// <summary>The chain store refused the block in flight: drop it and wait for another copy.</summary>
    public CommittedBlockQueue Refused(ulong height) => InFlight == height ? this with { InFlight = null } : this;

    private (CommittedBlockQueue, Block?) Next()
    {
        if (InFlight is not null || !Waiting.TryGetValue(Tip + 1, out var next)) return (this, null);
        return (this with { Waiting = Waiting.Remove(next.Height), InFlight = next.Height }, next);
    }
}
