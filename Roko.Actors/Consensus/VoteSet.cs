using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>What happened when a vote was offered to a <see cref="VoteSet"/>.</summary>
public enum VoteAddition
{
    Added,
    /// <summary>The validator already voted for the same block in this set; nothing changed.</summary>
    Duplicate,
    /// <summary>The validator already voted for a different block; the first vote stays counted.</summary>
    Conflicting,
}

/// <summary>
/// The votes of one type at one (height, round): the first vote of each validator is counted, with its stake, for
/// the block it names (the zero hash is nil).
/// </summary>
public sealed class VoteSet
{
    private readonly Dictionary<PublicKey, Vote> _byValidator = [];
    private readonly Dictionary<Hash32, Amount> _stakeByBlock = [];

    public Amount TotalStake { get; private set; } = Amount.Zero;

    public Vote? VoteOf(PublicKey validator) => _byValidator.GetValueOrDefault(validator);

    public VoteAddition Add(Vote vote, Amount stake)
    {
        if (_byValidator.TryGetValue(vote.Validator, out var existing))
            return existing.BlockHash == vote.BlockHash ? VoteAddition.Duplicate : VoteAddition.Conflicting;
        _byValidator.Add(vote.Validator, vote);
        _stakeByBlock[vote.BlockHash] = _stakeByBlock.GetValueOrDefault(vote.BlockHash, Amount.Zero) + stake;
        TotalStake += stake;
        return VoteAddition.Added;
    }

    public Amount StakeFor(Hash32 blockHash) => _stakeByBlock.GetValueOrDefault(blockHash, Amount.Zero);

    public IEnumerable<Vote> VotesFor(Hash32 blockHash) => _byValidator.Values.Where(v => v.BlockHash == blockHash);

    /// <summary>A block (not nil) that holds a quorum of <paramref name="validators"/>' stake, if any.</summary>
    public Hash32? BlockWithQuorum(ValidatorSet validators)
    {
        foreach (var (hash, stake) in _stakeByBlock)
            if (!hash.IsZero && validators.IsQuorum(stake)) return hash;
        return null;
    }
}
