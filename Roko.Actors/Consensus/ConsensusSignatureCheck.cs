using Roko.Actors.Ledger;

namespace Roko.Actors.Consensus;

/// <summary>
/// How the state machine checks signatures of what it receives. The default verifies every one; a driver that has
/// already verified messages elsewhere (or a simulator that caches results) may supply its own.
/// </summary>
public interface IConsensusSignatureCheck
{
    bool IsValid(Vote vote);
    bool IsValid(Proposal proposal);
}

public sealed class VerifyingSignatureCheck : IConsensusSignatureCheck
{
    public static VerifyingSignatureCheck Instance { get; } = new();

    public bool IsValid(Vote vote) => vote.VerifySignature();
    public bool IsValid(Proposal proposal) => proposal.VerifySignature();
}
