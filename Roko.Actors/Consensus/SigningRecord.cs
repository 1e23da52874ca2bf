using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>
/// One validator's signing record on one chain (docs/consensus.md §Signing record): the latest height it signed at,
/// the (round, step) it reached there — its <em>position</em> —, the last proposal, prevote and precommit it signed at
/// that height, and the round state its safety depends on: the lock (locked block and round) and the valid value
/// (valid block and round). The machine persists every new version before anything it guards leaves the node, consults
/// it before every signature, and resumes a height from it after any restart.
/// </summary>
public sealed partial record SigningRecord(
    string ChainId,
    PublicKey Validator,
    ulong Height,
    uint Round,
    ConsensusStep Step,
    Proposal? Proposal,
    Vote? Prevote,
    Vote? Precommit,
    int LockedRound,
    ProposedBlock? LockedBlock,
    int ValidRound,
    ProposedBlock? ValidBlock)
{
    public const int NoRound = ConsensusMachine.NoRound;

    /// <summary>The record of a validator that never signed on <paramref name="chainId"/>: below every height consensus runs.</summary>
    public static SigningRecord Empty(string chainId, PublicKey validator) =>
        new(chainId, validator, 0, 0, ConsensusStep.Propose, null, null, null, NoRound, null, NoRound, null);

    /// <summary>
    /// May this validator sign a proposal of <paramref name="blockHash"/> with <paramref name="polRound"/> at
    /// (<paramref name="height"/>, <paramref name="round"/>)? The same block with the same POL round is identical.
    /// </summary>
    public SigningCheck<Proposal> CheckProposal(ulong height, uint round, int polRound, Hash32 blockHash)
    {
        if (height == Height && Proposal is { } stored && stored.Round == round)
            return stored.Block.Hash == blockHash && stored.PolRound == polRound
                ? new SigningCheck<Proposal>.Identical(stored)
                : Conflict<Proposal>(height, round, ConsensusStep.Propose, $"block {stored.Block.Hash.Short} (POL round {stored.PolRound})",
                    $"block {blockHash.Short} (POL round {polRound})");
        return Order<Proposal>(height, round, ConsensusStep.Propose);
    }

    /// <summary>May this validator sign a <paramref name="type"/> for <paramref name="blockHash"/> (zero: nil) at (height, round)?</summary>
    public SigningCheck<Vote> CheckVote(VoteType type, ulong height, uint round, Hash32 blockHash)
    {
        var step = StepOf(type);
        if (height == Height && VoteOf(type) is { } stored && stored.Round == round)
            return stored.BlockHash == blockHash
                ? new SigningCheck<Vote>.Identical(stored)
                : Conflict<Vote>(height, round, step, Describe(stored.BlockHash), Describe(blockHash));
        return Order<Vote>(height, round, step);
    }

    /// <summary>True when (height, round, step) lies strictly below this record's position.</summary>
    public bool IsAbove(ulong height, uint round, ConsensusStep step) =>
        (Height, Round, (int)Step).CompareTo((height, round, (int)step)) > 0;

    /// <summary>
    /// The record once this validator stands at (height, round, step) with this round state. A later height starts
    /// afresh (nothing signed there yet); a position below this one is a bug in the caller and throws.
    /// </summary>
    public SigningRecord At(ulong height, uint round, ConsensusStep step, int lockedRound, ProposedBlock? lockedBlock,
        int validRound, ProposedBlock? validBlock)
    {
        if (IsAbove(height, round, step))
            throw new InvalidOperationException($"signing record of {Validator.Bytes.Short} cannot go back from {Position} to {height}/{round}/{step}");
        if ((lockedRound == NoRound) != (lockedBlock is null) || (validRound == NoRound) != (validBlock is null))
            throw new ArgumentException("a lock or valid value needs both its block and its round");
        var basis = height == Height ? this : this with { Height = height, Proposal = null, Prevote = null, Precommit = null };
        return basis with { Round = round, Step = step, LockedRound = lockedRound, LockedBlock = lockedBlock, ValidRound = validRound, ValidBlock = validBlock };
    }

    /// <summary>True when the record already holds this lock and valid value (compared by round and block hash).</summary>
    public bool HoldsRoundState(ulong height, int lockedRound, ProposedBlock? lockedBlock, int validRound, ProposedBlock? validBlock) =>
        height == Height && LockedRound == lockedRound && LockedBlock?.Hash == lockedBlock?.Hash
        && ValidRound == validRound && ValidBlock?.Hash == validBlock?.Hash;

    /// <summary>The record with <paramref name="proposal"/> as the last proposal signed (at the record's height).</summary>
    public SigningRecord WithProposal(Proposal proposal)
    {
        RequireOwn(proposal.ChainId, proposal.Proposer, proposal.Height, "proposal");
        return this with { Proposal = proposal };
    }

    /// <summary>The record with <paramref name="vote"/> as the last vote of its type signed (at the record's height).</summary>
    public SigningRecord WithVote(Vote vote)
    {
        RequireOwn(vote.ChainId, vote.Validator, vote.Height, "vote");
        return vote.Type == VoteType.Prevote ? this with { Prevote = vote } : this with { Precommit = vote };
    }

    public string Position => $"{Height}/{Round}/{Step}";

    public Vote? VoteOf(VoteType type) => type == VoteType.Prevote ? Prevote : Precommit;

    public static ConsensusStep StepOf(VoteType type) => type == VoteType.Prevote ? ConsensusStep.Prevote : ConsensusStep.Precommit;

    private SigningCheck<T> Order<T>(ulong height, uint round, ConsensusStep step) where T : class =>
        IsAbove(height, round, step)
            ? new SigningCheck<T>.Refused(SigningRefusalReason.Regression,
                $"{height}/{round}/{step} is below the signing record's position {Position}")
            : SigningCheck<T>.Allowed.Instance;

    private static SigningCheck<T> Conflict<T>(ulong height, uint round, ConsensusStep step, string signed, string asked) where T : class =>
        new SigningCheck<T>.Refused(SigningRefusalReason.ConflictingValue,
            $"{asked} at {height}/{round}/{step}, but {signed} was signed there");

    private static string Describe(Hash32 blockHash) => blockHash.IsZero ? "nil" : "block " + blockHash.Short;

    private void RequireOwn(string chainId, PublicKey signer, ulong height, string what)
    {
        if (chainId != ChainId) throw new ArgumentException($"{what} is for chain '{chainId}', the record for '{ChainId}'");
        if (signer != Validator) throw new ArgumentException($"{what} is signed by {signer.Bytes.Short}, the record is {Validator.Bytes.Short}'s");
        if (height != Height) throw new ArgumentException($"{what} is for height {height}, the record at height {Height}");
    }
}
