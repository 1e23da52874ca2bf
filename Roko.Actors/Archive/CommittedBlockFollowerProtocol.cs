namespace Roko.Actors.Archive;

public static class CommittedBlockFollowerProtocol
{
    /// <summary>
    /// Event-stream notice from the follower: gossiped blocks wait above a gap starting at <paramref name="FromHeight"/>
    /// (up to the lowest waiting one, <paramref name="WaitingFrom"/>); block sync is what fills such a gap.
    /// </summary>
    public sealed record BlocksMissing(ulong FromHeight, ulong WaitingFrom);
}
