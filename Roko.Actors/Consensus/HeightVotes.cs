using Roko.Actors.Crypto;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;

namespace Roko.Actors.Consensus;

/// <summary>All prevotes and precommits of one height, by round, and who has been heard from in each round.</summary>
public sealed class HeightVotes(ValidatorSet validators)
{
    private readonly Dictionary<(uint Round, VoteType Type), VoteSet> _sets = [];
    private readonly Dictionary<uint, (HashSet<PublicKey> Voters, Amount Stake)> _heardInRound = [];

    public ValidatorSet Validators { get; } = validators;

    public VoteSet Of(uint round, VoteType type)
    {
        if (!_sets.TryGetValue((round, type), out var set)) _sets[(round, type)] = set = new VoteSet();
        return set;
    }

    /// <summary>The votes of a round and type heard so far, without creating an empty set when there are none.</summary>
    public VoteSet? Find(uint round, VoteType type) => _sets.GetValueOrDefault((round, type));

    /// <summary>Whether <paramref name="validator"/> prevoted or precommitted for <paramref name="blockHash"/> in <paramref name="round"/>.</summary>
    public bool HasVotedFor(PublicKey validator, uint round, Hash32 blockHash) =>
        (_sets.TryGetValue((round, VoteType.Prevote), out var prevotes) && prevotes.HasVoted(validator, blockHash))
        || (_sets.TryGetValue((round, VoteType.Precommit), out var precommits) && precommits.HasVoted(validator, blockHash));

    /// <summary>Adds a vote from a validator of this height (the caller has checked membership and signature).</summary>
    public VoteAddition Add(Vote vote)
    {
        var stake = Validators.Find(vote.Validator)?.Stake
            ?? throw new ArgumentException($"{vote.Validator} is not a validator of this height", nameof(vote));
        var addition = Of(vote.Round, vote.Type).Add(vote, stake);
        if (addition == VoteAddition.Added)
        {
            var (voters, heard) = _heardInRound.GetValueOrDefault(vote.Round, ([], Amount.Zero));
            if (voters.Add(vote.Validator)) heard += stake;
            _heardInRound[vote.Round] = (voters, heard);
        }
        return addition;
    }

    /// <summary>Stake of the distinct validators that voted (anything) in <paramref name="round"/>.</summary>
    public Amount StakeHeardIn(uint round) => _heardInRound.TryGetValue(round, out var heard) ? heard.Stake : Amount.Zero;

    public IEnumerable<uint> RoundsHeard => _heardInRound.Keys;

    /// <summary>Every vote kept, of every round and type.</summary>
    public IEnumerable<Vote> All => _sets.Values.SelectMany(set => set.All);

    public IEnumerable<uint> RoundsWithPrecommits => _sets.Keys.Where(k => k.Type == VoteType.Precommit).Select(k => k.Round);
}
