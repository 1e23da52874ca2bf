using System.Collections.Immutable;
using Roko.Actors.Ledger;

namespace Roko.Actors.Forks;

/// <summary>Messages of the fork monitor (/user/node/forks).</summary>
public static class ForkMonitorProtocol
{
    public const string Name = "forks";
    public const string Path = "/user/node/" + Name;

    /// <summary>
    /// Event stream, from any part of the node that holds a certified block of this chain from elsewhere (block sync's
    /// ranges, the light-access service's conflict reports): compare it with this node's block at its height.
    /// <paramref name="Source"/> says where it came from, for the evidence and the log.
    /// </summary>
    public sealed record CheckCertifiedBlock(BlockHeader Header, CommitCertificate Commit, string Source);

    /// <summary>Asks for every fork recorded; answered by <see cref="CurrentForks"/>.</summary>
    public sealed record GetForks
    {
        public static GetForks Instance { get; } = new();
    }

    /// <summary>Every fork detected (oldest first) and how many of them an operator has resolved.</summary>
    public sealed record CurrentForks(ImmutableArray<ForkDetected> Forks, int Resolved)
    {
        public int Unresolved => Forks.Length - Resolved;
    }

    /// <summary>
    /// From the operator (POST /forks/resume): every fork recorded so far is dealt with, the node may sign again.
    /// Journaled before signing resumes; answered by <see cref="CurrentForks"/>.
    /// </summary>
    public sealed record ResumeSigning(string Note);

    /// <summary>Asks whether unresolved forks hold signing; answered by <see cref="ForkStatus"/>.</summary>
    public sealed record GetForkStatus
    {
        public static GetForkStatus Instance { get; } = new();
    }

    /// <summary>
    /// Reply to <see cref="GetForkStatus"/> and event stream (after every change): <paramref name="HoldReason"/> is why
    /// signing must stay held (unresolved forks), or null when it need not. The consensus driver holds its signing gate by it.
    /// </summary>
    public sealed record ForkStatus(int Detected, int Unresolved, string? HoldReason);

    /// <summary>Event stream: a fork was detected and its evidence journaled.</summary>
    public sealed record ForkFound(ForkDetected Fork);

    /// <summary>This node's block at a height, read from the journal to compare with a candidate (null: not found).</summary>
    internal sealed record KnownBlockRead(CertifiedHeader Candidate, ValidatorSet Validators, string Source, Block? Known);
}
