using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>
/// Who really took part in deciding one committed block: its certificate's signers, and every validator whose precommit
/// for the same block (in any round) reached this node after the certificate formed. A certificate holds only the first
/// quorum a node saw — with six equal validators five precommits, so the farthest validator's vote, on its way, is left
/// out height after height although it voted. CometBFT gathers such late precommits into the next block's LastCommit
/// during timeout-commit; here they are counted for the participation figure (the certificate itself is final as it is).
/// Pure and immutable.
/// </summary>
public sealed record PrecommitTally(ulong Height, Hash32 BlockHash, ValidatorSet Validators, ImmutableHashSet<PublicKey> Precommitted)
{
    /// <summary>The tally of a committed block, started from its certificate under the validator set of its height.</summary>
    public static PrecommitTally Of(Block block, ValidatorSet validators)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(validators);
        return new(block.Height, block.Hash, validators,
            [.. block.Commit.Signatures.Select(s => s.Validator).Where(validators.Contains)]);
    }

    /// <summary>
    /// Counts <paramref name="vote"/> when it is a precommit for this block at this height from a validator of the set not
    /// yet counted, whose signature verifies (checked last, being the dearest); otherwise returns this tally unchanged.
    /// </summary>
    public PrecommitTally With(Vote vote)
    {
        ArgumentNullException.ThrowIfNull(vote);
        if (vote.Type != VoteType.Precommit || vote.Height != Height || vote.BlockHash != BlockHash) return this;
        if (!Validators.Contains(vote.Validator) || Precommitted.Contains(vote.Validator) || !vote.VerifySignature()) return this;
        return this with { Precommitted = Precommitted.Add(vote.Validator) };
    }

    public CommitParticipation Participation => CommitParticipation.Of(Validators, Precommitted);
}
