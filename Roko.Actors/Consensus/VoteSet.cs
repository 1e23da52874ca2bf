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
    /// <summary>The validator already voted for a different block: the vote is evidence, and it is counted too.</summary>
    Conflicting,
}

/// <summary>
/// The votes of one type at one (height, round). A validator's stake counts once towards the total, and once towards
/// each block it voted for (the zero hash is nil): as in the paper, an equivocator's votes all count, which is safe
/// because two quorums still share more than a third of the stake. At most <see cref="MaxBlocksPerValidator"/>
/// distinct votes of one validator are kept.
/// </summary>
public sealed class VoteSet
{
    public const int MaxBlocksPerValidator = 4;
    private readonly Dictionary<PublicKey, List<Vote>> _byValidator = [];
    private readonly Dictionary<Hash32, Amount> _stakeByBlock = [];

    public Amount TotalStake { get; private set; } = Amount.Zero;

    /// <summary>The first vote the validator cast in this set.</summary>
    public Vote? VoteOf(PublicKey validator) => _byValidator.TryGetValue(validator, out var votes) ? votes[0] : null;

    public bool HasVoted(PublicKey validator, Hash32 blockHash) =>
        _byValidator.TryGetValue(validator, out var votes) && votes.Exists(v => v.BlockHash == blockHash);

    public VoteAddition Add(Vote vote, Amount stake)
    {
        if (HasVoted(vote.Validator, vote.BlockHash)) return VoteAddition.Duplicate;
        bool first = !_byValidator.TryGetValue(vote.Validator, out var votes);
        if (first) _byValidator[vote.Validator] = votes = [];
        else if (votes!.Count >= MaxBlocksPerValidator) return VoteAddition.Conflicting;
        votes!.Add(vote);
        _stakeByBlock[vote.BlockHash] = _stakeByBlock.GetValueOrDefault(vote.BlockHash, Amount.Zero) + stake;
        if (!first) return VoteAddition.Conflicting;
        TotalStake += stake;
        return VoteAddition.Added;
    }

    /// <summary>Every vote kept, each validator's first one before its conflicting ones.</summary>
    public IEnumerable<Vote> All => _byValidator.Values.SelectMany(votes => votes);

    public Amount StakeFor(Hash32 blockHash) => _stakeByBlock.GetValueOrDefault(blockHash, Amount.Zero);

    public IEnumerable<Vote> VotesFor(Hash32 blockHash) =>
        _byValidator.Values.SelectMany(votes => votes.Where(v => v.BlockHash == blockHash));

    /// <summary>A block (not nil) that holds a quorum of <paramref name="validators"/>' stake, if any.</summary>
    public Hash32? BlockWithQuorum(ValidatorSet validators)
    {
        foreach (var (hash, stake) in _stakeByBlock)
            if (!hash.IsZero && validators.IsQuorum(stake)) return hash;
        return null;
    }
}
