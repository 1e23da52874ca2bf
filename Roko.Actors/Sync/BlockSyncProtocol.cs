using Roko.Actors.Ledger;
using Roko.Actors.Network;
using Roko.Actors.Wire;

namespace Roko.Actors.Sync;

/// <summary>Messages of BlockSync (/user/node/sync); the first two travel between nodes.</summary>
public static class BlockSyncProtocol
{
    /// <summary>From a syncing node's BlockSync to a peer's: the committed blocks from <paramref name="From"/>, at most <paramref name="Count"/>.</summary>
    public sealed record GetBlockRange(long RequestId, ulong From, int Count) : IWireMessage
    {
        /// <summary>Null when well formed; otherwise which field is wrong and why.</summary>
        public string? Validate() =>
            From == 0 ? "from: heights start at 1" : Count < 1 ? $"count: {Count} is not positive" : null;
    }

    /// <summary>
    /// Answer to <see cref="GetBlockRange"/>: consecutive committed blocks from <paramref name="From"/> in canonical
    /// encoding (docs/protocol.md §Block), at most the server's <c>roko.sync.max-range</c>; empty when it has none.
    /// <paramref name="Signer"/> is the serving node's key (32 bytes) and <paramref name="Signature"/> its Ed25519
    /// signature over the answer's content (<see cref="BlockRangeSignature"/>); the requester refuses an answer without them.
    /// </summary>
    public sealed record BlockRange(long RequestId, ulong From, byte[][] Blocks, byte[]? Signer = null, byte[]? Signature = null) : IWireMessage;

    /// <summary>Timer tick: check the tip and ask a peer when it is time.</summary>
    public sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    /// <summary>Timer tick: request <paramref name="RequestId"/> got no answer in time.</summary>
    public sealed record RequestTimedOut(long RequestId);

    /// <summary>A range read from the local journal for a peer, piped back to this actor before it answers.</summary>
    public sealed record RangeRead(BlockRange Answer, Akka.Actor.IActorRef ReplyTo);

    /// <summary>Event stream: a peer's answer was refused and the range goes to another peer.</summary>
    public sealed record PeerAnswerRefused(PeerId Peer, SyncRefusal Refusal);

    /// <summary>Event stream: block sync applied blocks up to <paramref name="State"/> (a range from <paramref name="Peer"/>).</summary>
    public sealed record RangeApplied(PeerId Peer, LedgerState State);

    /// <summary>Query: the planner's view; answered by <see cref="CurrentSyncStatus"/>.</summary>
    public sealed record GetSyncStatus
    {
        public static GetSyncStatus Instance { get; } = new();
    }

    public sealed record CurrentSyncStatus(ulong Tip, bool Syncing, int Peers, ulong BlocksApplied);
}
